package dev.sluice.local.bench;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.extract.ChunkExtraction;
import dev.sluice.core.extract.ChunkExtractor;
import dev.sluice.core.extract.ChunkRequest;
import dev.sluice.core.extract.ChunkWriterSettings;
import dev.sluice.core.extract.CountingOutputFile;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.TypeMapping;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CPU of the chunk extractor's two threads on {@link ChunkBenchmark}'s lineitem table, without a database or an
 * object store: it decodes a binary COPY stream kept by {@code ChunkBenchmark --contenders copy --dump FILE} from
 * memory, writes Parquet to a counting sink, and prints per pass the wall time, the reading thread's CPU, the encoding
 * thread's CPU (sampled every 5 ms while it runs) and the rest of the JVM's (GC, JIT). The first pass includes JIT
 * warm-up; compare the later ones. Run (not part of the build):
 * <pre>
 * ./mvnw -q -pl local -am test-compile exec:java -Dexec.skip=true \
 *     -Dexec.mainClass=dev.sluice.local.bench.ExtractorProfile -Dexec.args="FILE [passes] [ZSTD|SNAPPY]"
 * </pre>
 */
public final class ExtractorProfile {

    private ExtractorProfile() {
    }

    public static void main(String[] args) throws Exception {
        byte[] copy = Files.readAllBytes(Path.of(args[0]));
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        LakeConfig.Codec codec = LakeConfig.Codec.valueOf(args.length > 2 ? args[2] : "ZSTD");
        ChunkRequest request = new ChunkRequest(TableRef.parse("bench.lineitem"), "r1", "c00000", columns(),
                List.of("l_id"));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> encoderCpu = new ConcurrentHashMap<>();
        Thread sampler = Thread.ofPlatform().daemon().name("profile-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (t.getName().startsWith("sluice-encode")) {
                        long cpu = threads.getThreadCpuTime(t.threadId());
                        if (cpu > 0) {
                            encoderCpu.merge(t.threadId(), cpu, Math::max);
                        }
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        for (int pass = 0; pass < passes; pass++) {
            encoderCpu.clear();
            ChunkExtractor extractor = new ChunkExtractor(ChunkWriterSettings.defaults(codec),
                    Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC));
            CountingOutputFile out = new CountingOutputFile();
            long process = os.getProcessCpuTime();
            long reader = threads.getCurrentThreadCpuTime();
            long began = System.nanoTime();
            ChunkExtraction result = extractor.extract(request, new ByteArrayInputStream(copy), out);
            double wall = (System.nanoTime() - began) / 1e9;
            double readerCpu = (threads.getCurrentThreadCpuTime() - reader) / 1e9;
            double encoder = encoderCpu.values().stream().mapToLong(Long::longValue).sum() / 1e9;
            double rest = (os.getProcessCpuTime() - process) / 1e9 - readerCpu - encoder;
            System.out.printf(Locale.ROOT, "pass %d: %,d rows, %,d Parquet bytes, %.2f s wall; CPU s: reading %.2f,"
                    + " encoding ~%.2f, rest of the JVM %.2f%n", pass, result.statistics().rowCount(), out.size(), wall,
                    readerCpu, encoder, rest);
        }
        sampler.interrupt();
    }

    /** The columns of {@link ChunkBenchmark}'s table as the PostgreSQL type mapping maps them. */
    static List<ColumnMapping> columns() {
        TypeMapping mapping = TypeMapping.of(Engine.POSTGRESQL);
        return List.of(
                mapping.map(new SourceColumn("l_id", 1, "int8", 19, 0, false), null),
                mapping.map(new SourceColumn("l_partkey", 2, "int4", 10, 0, true), null),
                mapping.map(new SourceColumn("l_quantity", 3, "numeric", 18, 2, true), null),
                mapping.map(new SourceColumn("l_extendedprice", 4, "numeric", 18, 2, true), null),
                mapping.map(new SourceColumn("l_discount", 5, "numeric", 18, 2, true), null),
                mapping.map(new SourceColumn("l_shipmode", 6, "varchar", 25, 0, true), null),
                mapping.map(new SourceColumn("l_comment", 7, "varchar", 44, 0, true), null),
                mapping.map(new SourceColumn("l_shipdate", 8, "date", 0, 0, true), null),
                mapping.map(new SourceColumn("l_receiptdate", 9, "date", 0, 0, true), null),
                mapping.map(new SourceColumn("l_updated_at", 10, "timestamp", 0, 6, true), null),
                mapping.map(new SourceColumn("l_returned", 11, "bool", 0, 0, true), null));
    }
}
