package dev.sluice.core.extract;

import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.config.Engine;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.types.TypeMapping;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.apache.parquet.io.LocalOutputFile;

/**
 * The child JVM of {@link ChunkMemoryIT}: extracts {@code rows} rows generated server-side by PostgreSQL's
 * {@code generate_series} into a local Parquet file with the production writer settings, then prints one line of
 * {@code key=value} figures (rows, seconds, rows/s, peak heap) for the parent to check.
 */
public final class ChunkMemoryProbe {

    static final String SELECT = "SELECT g AS id, (g % 1000)::int4 AS qty, (g * 0.01)::numeric(12,2) AS amount, "
            + "'row ' || g AS note, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' AS at "
            + "FROM generate_series(1, ?) g ORDER BY g";

    private ChunkMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long rows = Long.parseLong(args[1]);
        Path out = Path.of(args[2]);
        TypeMapping mapping = TypeMapping.of(Engine.POSTGRESQL);
        ColumnOverride lossy = new ColumnOverride(ColumnOverride.Policy.ACCEPT_LOSSY, "probe");
        var columns = List.of(
                mapping.map(new SourceColumn("id", 1, "int8", 0, 0, false), null),
                mapping.map(new SourceColumn("qty", 2, "int4", 0, 0, true), null),
                mapping.map(new SourceColumn("amount", 3, "numeric", 12, 2, true), null),
                mapping.map(new SourceColumn("note", 4, "text", -1, 0, true), lossy),
                mapping.map(new SourceColumn("at", 5, "timestamptz", 6, 0, true), null));
        ChunkExtraction result;
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (var s = c.prepareStatement(SELECT)) {
                s.setFetchSize(10_000);
                s.setLong(1, rows);
                try (ResultSet rs = s.executeQuery()) {
                    result = new ChunkExtractor(ChunkWriterSettings.defaults(null), Clock.systemUTC()).extract(
                            new ChunkRequest(new TableRef("public", "generated"), "run-m", "chunk-m", columns,
                                    List.of("id")), rs, new LocalOutputFile(out));
                }
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("rows=%d seconds=%.1f rowsPerSecond=%.0f readSeconds=%.1f peakHeapMiB=%d maxHeapMiB=%d "
                        + "amountSum=%s digestSum=%s%n",
                result.statistics().rowCount(), (result.readNanos() + result.writeNanos()) / 1e9,
                result.rowsPerSecond(), result.readNanos() / 1e9, peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20, result.statistics().sums().get("amount"),
                result.statistics().rowHashDigest().sum());
    }
}
