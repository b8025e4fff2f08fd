package dev.sluice.lambda.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.lake.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Warms the heavy paths of a function before a SnapStart snapshot is taken (the init phase of a published version,
 * {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}): a tiny Parquet file written with each codec the lake uses
 * (Parquet, the codecs' native libraries, the few Hadoop classes Parquet still loads) into memory, and a JSON round
 * trip of the step mapper. Nothing is opened that outlives the call: no connection, no file, no network. The shaded
 * jar's check ({@code LambdaJarIT}) runs it from the jar alone, which proves the jar holds what the write path needs.
 */
public final class SnapStartPriming {

    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message priming { required int64 id; optional binary name (STRING); optional double amount; }");

    private SnapStartPriming() {
    }

    /** Whether {@code environment} is the init phase of a SnapStart version. */
    public static boolean snapshotting(Map<String, String> environment) {
        return "snap-start".equals(environment.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
    }

    /**
     * Runs the priming work and returns the size of the Parquet file written per codec (each a complete file, so
     * callers can check it).
     */
    public static Map<String, Integer> prime() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (CompressionCodecName codec : new CompressionCodecName[] {CompressionCodecName.ZSTD,
                CompressionCodecName.SNAPPY}) {
            sizes.put(codec.name(), writeParquet(codec));
        }
        try {
            StepHandler.JSON.readTree(StepHandler.JSON.writeValueAsString(Map.of("primed", sizes)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("priming JSON round trip failed", e);
        }
        return sizes;
    }

    private static int writeParquet(CompressionCodecName codec) {
        ObjectStore store = new InMemoryObjectStore();
        String key = "priming/part-" + codec.name().toLowerCase(java.util.Locale.ROOT) + ".parquet";
        SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LakeOutputFile(store, key))
                .withType(SCHEMA)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(codec)
                .withDictionaryEncoding(true)
                .withValidation(false)
                .build()) {
            for (long i = 0; i < 100; i++) {
                writer.write(rows.newGroup().append("id", i).append("name", "row " + (i % 7)).append("amount", i * 1.5));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("priming Parquet write with " + codec + " failed", e);
        }
        return store.get(key).orElseThrow(() -> new IllegalStateException("priming Parquet file was not stored"))
                .bytes().length;
    }
}
