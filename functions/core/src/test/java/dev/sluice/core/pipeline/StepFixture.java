package dev.sluice.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.catalog.Catalog;
import dev.sluice.core.config.CatalogMode;
import dev.sluice.core.config.Engine;
import dev.sluice.core.config.EnvironmentConfig;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.TargetConfig;
import dev.sluice.core.config.ValidationOptions;
import dev.sluice.core.config.WarehouseConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.extract.RowHasher;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.ObjectChecksum;
import dev.sluice.core.lake.RowHashDigest;
import dev.sluice.core.load.LoadDialect;
import dev.sluice.core.load.LoadSource;
import dev.sluice.core.query.QueryEngine;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.state.ManifestStore;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.SchemaFingerprint;
import dev.sluice.core.types.TypeMapping;
import dev.sluice.core.validate.KeyRangeProbe.KeyedHash;
import dev.sluice.core.validate.QueryDialect;
import dev.sluice.core.warehouse.Warehouse;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One sealed run of {@code demo.sales.orders} (order_id bigint key, qty int, total decimal(12,2); 20 rows in two
 * chunks) with its source in H2 (MSSQLServer mode, read by the SQL Server dialect), its manifests and run.json in an
 * in-memory lake, and the lake's rows (key, values, row hash as the extractor computes it) for the fake query
 * engine. Tests change the lake rows or the source after sealing to make validation fail.
 */
final class StepFixture implements AutoCloseable {

    static final String RUN_ID = "r20261122-abcdef012345";
    static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:migrate:x";
    static final LocalDate INGEST = LocalDate.of(2026, 11, 22);
    static final String BUCKET = "lake-bucket";
    static final String DATABASE = "sluice_test";
    static final String ROLE = "arn:aws:iam::123456789012:role/sluice-copy";
    static final TableRef TABLE = TableRef.parse("sales.orders");
    static final RunRef RUN = new RunRef("demo", "sales.orders", RUN_ID, EXECUTION);

    /** One row of the run as the lake holds it. */
    static final class LakeRow {
        final String chunkId;
        final long orderId;
        Integer qty;
        BigDecimal total;
        long hash;
        /** {@code _sluice_op}: what a change tracking table's files carry ({@code I} for other tables' rows). */
        String op = "I";

        LakeRow(String chunkId, long orderId, Integer qty, BigDecimal total, long hash) {
            this.chunkId = chunkId;
            this.orderId = orderId;
            this.qty = qty;
            this.total = total;
            this.hash = hash;
        }
    }

    final String url = "jdbc:h2:mem:steps-" + UUID.randomUUID() + ";MODE=MSSQLServer;DATABASE_TO_LOWER=TRUE;"
            + "DB_CLOSE_DELAY=-1";
    final Connection keepAlive;
    final InMemoryObjectStore lake = new InMemoryObjectStore();
    final LakeLayout layout = new LakeLayout(BUCKET, null, null);
    final SourceConfig source = new SourceConfig("demo", Engine.SQLSERVER, "jdbc:sqlserver://demo", null, null, 2,
            null, null, null, 0);
    final SourceTable described = new SourceTable(TABLE, List.of(
            new SourceColumn("order_id", 1, "bigint", 19, 0, false),
            new SourceColumn("qty", 2, "int", 10, 0, true),
            new SourceColumn("total", 3, "decimal", 12, 2, true)), List.of("order_id"), List.of(), 20, 4096);
    final List<ColumnMapping> mappings = TypeMapping.of(Engine.SQLSERVER).map(described, Map.of());
    final List<LakeRow> lakeRows = new ArrayList<>();
    CatalogMode catalogMode = CatalogMode.CRAWLER;
    int sampleSize = 100;
    /** The table's watermark (null: none); change tracking makes the lake's sample carry {@code _sluice_op}. */
    WatermarkConfig watermark;
    TargetConfig target = new TargetConfig("analytics", "orders", TargetConfig.Mode.APPEND, null, List.of());

    StepFixture() throws Exception {
        keepAlive = DriverManager.getConnection(url);
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE SCHEMA sales");
            s.execute("CREATE TABLE sales.orders (order_id BIGINT NOT NULL PRIMARY KEY, qty INT,"
                    + " total DECIMAL(12,2))");
        }
        try (PreparedStatement ps = keepAlive.prepareStatement("INSERT INTO sales.orders VALUES (?, ?, ?)")) {
            for (long id = 1; id <= 20; id++) {
                ps.setLong(1, id);
                if (id % 7 == 0) {
                    ps.setNull(2, java.sql.Types.INTEGER);
                } else {
                    ps.setInt(2, (int) (id * 3));
                }
                ps.setBigDecimal(3, BigDecimal.valueOf(id * 125, 2));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static String chunkOf(long orderId) {
        return orderId <= 10 ? "c0001" : "c0002";
    }

    TableConfig table() {
        return new TableConfig("demo", "sales.orders", List.of("order_id"), watermark, null, null, null, target,
                Map.of(),
                new ValidationOptions(sampleSize, 1e-9), SchemaPolicy.EVOLVE, catalogMode);
    }

    SluiceConfig config(boolean warehouse) {
        return new SluiceConfig(new EnvironmentConfig("test", "123456789012", "eu-west-1"), List.of(source),
                new LakeConfig(BUCKET, null, null, null, null, null),
                warehouse ? new WarehouseConfig("wg", null, "dev", null, null, ROLE, "sluice") : null, null,
                List.of(table()));
    }

    PipelineContext context(Catalog catalog, QueryEngine queries, Optional<Warehouse> warehouse) {
        PipelineSettings settings = new PipelineSettings(DATABASE, "primary", QueryDialect.DUCKDB,
                LoadDialect.REDSHIFT, prefix -> new LoadSource.S3Copy("s3://" + BUCKET + "/" + prefix, ROLE), 200,
                Duration.ofHours(6));
        return new PipelineContext(config(warehouse.isPresent()), lake, layout, s -> () -> DriverManager.getConnection(url),
                catalog, queries, warehouse, n -> "message-1", Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"),
                ZoneOffset.UTC), settings);
    }

    StepSeams seams() {
        return new StepSeams((context, run) -> described, millis -> { });
    }

    String fingerprint() {
        return SchemaFingerprint.of(mappings);
    }

    /** The source rows hashed by the same code the chunk writer uses. */
    List<KeyedHash> sourceHashes() {
        return new SourceRows(source, () -> DriverManager.getConnection(url), TABLE, RUN_ID, mappings,
                List.of("order_id")).range("all", null, null);
    }

    /** Extracts the source into lake rows, writes both chunk manifests and seals the run. */
    StepFixture seal() throws Exception {
        return seal(new long[0]);
    }

    /**
     * As {@link #seal()}, for a change tracking increment that read these keys as deletes: they are deleted from
     * the source first, and the lake holds each as a delete row ({@code D}, its key, NULLs, the row hash of that).
     */
    StepFixture seal(long... deletes) throws Exception {
        for (long id : deletes) {
            updateSource("DELETE FROM sales.orders WHERE order_id = " + id);
        }
        Map<Long, Long> hashes = new TreeMap<>();
        sourceHashes().forEach(r -> hashes.put(((Number) r.key().values().getFirst()).longValue(), r.rowHash()));
        try (Statement s = keepAlive.createStatement();
             ResultSet rs = s.executeQuery("SELECT order_id, qty, total FROM sales.orders ORDER BY order_id")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                Integer qty = rs.getObject(2) == null ? null : rs.getInt(2);
                lakeRows.add(new LakeRow(chunkOf(id), id, qty, rs.getBigDecimal(3), hashes.get(id)));
            }
        }
        for (long id : deletes) {
            RowHasher hasher = new RowHasher();
            hasher.beginRow();
            hasher.integer(id);
            hasher.nullValue(RowHasher.INTEGER);
            hasher.nullValue(RowHasher.DECIMAL);
            LakeRow delete = new LakeRow(chunkOf(id), id, null, null, hasher.endRow());
            delete.op = "D";
            lakeRows.add(delete);
        }
        lakeRows.sort(java.util.Comparator.comparingLong(r -> r.orderId));
        ManifestStore manifests = new ManifestStore(lake, layout);
        for (String chunk : List.of("c0001", "c0002")) {
            manifests.write(manifest(chunk));
        }
        manifests.seal("demo", TABLE, RUN_ID, List.of("c0001", "c0002"), fingerprint());
        return this;
    }

    private ChunkManifest manifest(String chunkId) {
        List<LakeRow> rows = lakeRows.stream().filter(r -> r.chunkId.equals(chunkId)).toList();
        RowHashDigest.Accumulator digest = new RowHashDigest.Accumulator();
        rows.forEach(r -> digest.add(r.hash));
        Map<String, Long> nulls = new TreeMap<>(Map.of("order_id", 0L,
                "qty", rows.stream().filter(r -> r.qty == null).count(),
                "total", rows.stream().filter(r -> r.total == null).count()));
        Map<String, String> sums = new TreeMap<>(Map.of(
                "order_id", Long.toString(rows.stream().mapToLong(r -> r.orderId).sum()),
                "qty", Long.toString(rows.stream().filter(r -> r.qty != null).mapToLong(r -> r.qty).sum()),
                "total", rows.stream().map(r -> r.total).filter(java.util.Objects::nonNull)
                        .reduce(BigDecimal.ZERO, BigDecimal::add).toPlainString()));
        String objectKey = layout.chunkObject("demo", TABLE, INGEST, RUN_ID, chunkId);
        return new ChunkManifest(RUN_ID, chunkId, "demo", "sales.orders", objectKey, 1000 + rows.size(),
                "\"etag-" + chunkId + "\"", ObjectChecksum.ofSinglePut(new byte[] {1}), rows.size(),
                key(rows.getFirst().orderId), key(rows.getLast().orderId), nulls, sums, digest.result(),
                fingerprint(), null);
    }

    private static JsonNode key(long id) {
        return new ObjectMapper().createArrayNode().add(new ObjectMapper().createObjectNode()
                .put("type", "bigint").put("value", Long.toString(id)));
    }

    LakeRow lakeRow(long orderId) {
        return lakeRows.stream().filter(r -> r.orderId == orderId).findFirst().orElseThrow();
    }

    void updateSource(String sql) throws Exception {
        try (Statement s = keepAlive.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("SHUTDOWN");
        }
        keepAlive.close();
    }
}
