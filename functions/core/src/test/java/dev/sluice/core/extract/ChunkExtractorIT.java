package dev.sluice.core.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.TypeMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunk writer's behaviour around the values: the lake output file and the manifest, aborting on failure,
 * exact sums beyond a long, Change Tracking operations, the codec.
 */
class ChunkExtractorIT {

    private static final TableRef TABLE = new TableRef("sales", "orders");
    private static PostgresFixture pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = new PostgresFixture();
        pg.execute("CREATE SCHEMA sales",
                "CREATE TABLE sales.orders (id int8 PRIMARY KEY, qty int8, amount numeric(38,0), price float8)",
                "INSERT INTO sales.orders VALUES (1, 9223372036854775807, 99999999999999999999999999999999999999, 0.1),"
                        + " (2, 9223372036854775807, 99999999999999999999999999999999999999, 0.2),"
                        + " (3, NULL, 1, NULL), (4, 5, NULL, 0.3)");
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static List<ColumnMapping> columns() {
        TypeMapping m = TypeMapping.of(Engine.POSTGRESQL);
        return List.of(m.map(new SourceColumn("id", 1, "int8", 0, 0, false), null),
                m.map(new SourceColumn("qty", 2, "int8", 0, 0, true), null),
                m.map(new SourceColumn("amount", 3, "numeric", 38, 0, true), null),
                m.map(new SourceColumn("price", 4, "float8", 0, 0, true), null));
    }

    private static ChunkExtractor extractor(LakeConfig.Codec codec) {
        return new ChunkExtractor(ChunkWriterSettings.defaults(codec), Clock.systemUTC());
    }

    @Test
    void writesToTheLakeAndProducesTheManifest() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        String key = "raw/erp/sales.orders/ingest_date=2026-11-22/run_id=r1/part-c1.parquet";
        LakeOutputFile file = new LakeOutputFile(store, key, LakeOutputFile.MIN_PART_SIZE);
        ChunkExtraction result;
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, qty, amount, price FROM sales.orders ORDER BY id")) {
            result = extractor(null).extract(new ChunkRequest(TABLE, "r1", "c1", columns(), List.of("id")), rs, file);
        }
        ChunkManifest manifest = result.manifest("erp", file.result().orElseThrow(), "fp-1");
        assertThat(manifest.objectKey()).isEqualTo(key);
        assertThat(manifest.bytes()).isEqualTo(store.head(key).orElseThrow().size());
        assertThat(manifest.rowCount()).isEqualTo(4);
        assertThat(manifest.keyMin().toString()).isEqualTo("[{\"type\":\"bigint\",\"value\":\"1\"}]");
        assertThat(manifest.keyMax().toString()).isEqualTo("[{\"type\":\"bigint\",\"value\":\"4\"}]");
        // exact beyond a long: 2 * (2^63 - 1) + 5, and 2 * (10^38 - 1) + 1 (more than DECIMAL(38) holds)
        assertThat(manifest.sums()).containsEntry("qty", "18446744073709551619")
                .containsEntry("amount", "199999999999999999999999999999999999999")
                .doesNotContainKey("price");
        assertThat(manifest.nullCounts()).containsEntry("qty", 1L).containsEntry("amount", 1L)
                .containsEntry("price", 1L).containsEntry("id", 0L);
        assertThat(result.floatSums().get("price")).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-12));
        // the float8 sum in read (key) order, 0.1 + 0.2 + 0.3 in doubles, as its shortest text, apart from sums
        assertThat(manifest.floatSums()).containsOnlyKeys("price").containsEntry("price", "0.6000000000000001");
        assertThat(manifest.rowHashDigest().count()).isEqualTo(4);

        Path copy = dir.resolve("copy.parquet");
        Files.write(copy, store.get(key).orElseThrow().bytes());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT sum(qty::HUGEINT)::VARCHAR, count(*), "
                     + "sum(_sluice_row_hash::HUGEINT)::VARCHAR, sum(price) FROM read_parquet('" + copy + "')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("18446744073709551619");
            assertThat(rs.getLong(2)).isEqualTo(4);
            assertThat(rs.getString(3)).isEqualTo(manifest.rowHashDigest().sum());
            assertThat(rs.getDouble(4)).isCloseTo(Double.parseDouble(manifest.floatSums().get("price")),
                    org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void aFailingChunkLeavesNoObjectAndNoPendingUpload() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        String key = "raw/erp/sales.orders/part-c2.parquet";
        TypeMapping m = TypeMapping.of(Engine.POSTGRESQL);
        List<ColumnMapping> narrow = List.of(m.map(new SourceColumn("id", 1, "int8", 0, 0, false), null),
                m.map(new SourceColumn("amount", 2, "numeric", 12, 0, true), null));
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, amount FROM sales.orders ORDER BY id")) {
            assertThatThrownBy(() -> extractor(null).extract(new ChunkRequest(TABLE, "r1", "c2", narrow,
                    List.of("id")), rs, new LakeOutputFile(store, key, LakeOutputFile.MIN_PART_SIZE)))
                    .isInstanceOf(ChunkValueException.class)
                    .hasMessageStartingWith("sales.orders.amount in chunk c2 at key id=1: the decimal "
                            + "99999999999999999999999999999999999999 has more than 12 integer digits");
        }
        assertThat(store.head(key)).isEmpty();
        assertThat(store.listMultipartUploads("")).isEmpty();
    }

    @Test
    void changeTrackingReadsCarryTheOperation() throws Exception {
        Path file = dir.resolve("ct.parquet");
        String select = "SELECT id, qty, amount, price, CASE WHEN id = 3 THEN 'D' WHEN id = 4 THEN 'U' ELSE 'I' END "
                + "AS sys_change_operation FROM sales.orders ORDER BY id";
        ChunkExtraction withOp;
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select)) {
            withOp = extractor(LakeConfig.Codec.SNAPPY).extract(new ChunkRequest(TABLE, "r1", "c3", columns(),
                    List.of("id"), "sys_change_operation"), rs, new LocalOutputFile(file));
        }
        List<Group> rows = ParquetFiles.rows(file);
        assertThat(rows).extracting(g -> g.getString(ParquetSchemas.OP, 0)).containsExactly("I", "I", "D", "U");
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            assertThat(reader.getFooter().getBlocks().getFirst().getColumns().getFirst().getCodec())
                    .isEqualTo(CompressionCodecName.SNAPPY);
            assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData())
                    .containsEntry("sluice.chunk_id", "c3").containsEntry("sluice.row_hash_version", "1");
        }
        // the operation is not part of the row hash: the same rows hash the same without it
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, qty, amount, price FROM sales.orders ORDER BY id")) {
            ChunkExtraction plain = extractor(null).extract(new ChunkRequest(TABLE, "r1", "c3", columns(),
                    List.of("id")), rs, new LocalOutputFile(dir.resolve("plain.parquet")));
            assertThat(plain.statistics().rowHashDigest()).isEqualTo(withOp.statistics().rowHashDigest());
        }
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(dir.resolve("plain.parquet")))) {
            assertThat(reader.getFooter().getBlocks().getFirst().getColumns().getFirst().getCodec())
                    .isEqualTo(CompressionCodecName.ZSTD);
        }
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(select.replace("'U'", "'X'"))) {
            assertThatThrownBy(() -> extractor(null).extract(new ChunkRequest(TABLE, "r1", "c3", columns(),
                    List.of("id"), "sys_change_operation"), rs, new LocalOutputFile(dir.resolve("bad.parquet"))))
                    .isInstanceOf(ChunkValueException.class)
                    .hasMessageContaining("at key id=4: the Change Tracking operation is 'X'");
        }
    }

    @Test
    void anEmptyChunkWritesAValidFileWithNoKeyBounds() throws Exception {
        Path file = dir.resolve("empty.parquet");
        ChunkExtraction result;
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, qty, amount, price FROM sales.orders WHERE id < 0")) {
            result = extractor(null).extract(new ChunkRequest(TABLE, "r1", "c4", columns(), List.of("id")), rs,
                    new LocalOutputFile(file));
        }
        assertThat(result.statistics().rowCount()).isZero();
        assertThat(result.keyMin()).isNull();
        assertThat(result.keyMax()).isNull();
        assertThat(result.statistics().sums()).containsEntry("qty", "0");
        assertThat(ParquetFiles.rows(file)).isEmpty();
    }
}
