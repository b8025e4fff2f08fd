package dev.sluice.core.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.Random;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ParquetWriter streaming through {@link LakeOutputFile} produces a file that a query engine reads back whole,
 * and the engine's exact SQL aggregates reproduce the {@link RowHashDigest} computed while writing.
 */
class LakeOutputFileParquetTest {

    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message chunk { required int64 id; required int64 _sluice_row_hash; }");

    @TempDir
    Path dir;

    @Test
    void aParquetFileLargerThanOnePartReadsBackWithEveryRowAndTheSameDigest() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        LakeOutputFile file = new LakeOutputFile(store, "raw/erp/t/part-c1.parquet", LakeOutputFile.MIN_PART_SIZE);
        int rows = 700_000; // ~11 MiB uncompressed with random hashes: two parts
        Random random = new Random(9);
        RowHashDigest.Accumulator written = new RowHashDigest.Accumulator();
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);

        ParquetWriter<Group> writer = ExampleParquetWriter.builder(file)
                .withType(SCHEMA)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withDictionaryEncoding(false)
                .build();
        for (int i = 0; i < rows; i++) {
            long hash = random.nextLong();
            written.add(hash);
            writer.write(groups.newGroup().append("id", (long) i).append("_sluice_row_hash", hash));
        }
        writer.close();

        ObjectStore.PutResult result = file.result().orElseThrow();
        byte[] bytes = store.get("raw/erp/t/part-c1.parquet").orElseThrow().bytes();
        assertThat(result.size()).isEqualTo(bytes.length).isGreaterThan(LakeOutputFile.MIN_PART_SIZE);
        assertThat(result.etag()).endsWith("-2\"");
        Path local = Files.write(dir.resolve("part-c1.parquet"), bytes);

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement query = duck.prepareStatement("SELECT count(*), min(id), max(id), "
                        + "CAST(sum(CAST(_sluice_row_hash AS HUGEINT)) AS VARCHAR), bit_xor(_sluice_row_hash) "
                        + "FROM read_parquet(?)")) {
            query.setString(1, local.toString());
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(rows);
                assertThat(rs.getLong(2)).isZero();
                assertThat(rs.getLong(3)).isEqualTo(rows - 1);
                assertThat(new RowHashDigest(rs.getLong(1), rs.getString(4), HexFormat.of().toHexDigits(rs.getLong(5))))
                        .isEqualTo(written.result());
            }
        }
    }
}
