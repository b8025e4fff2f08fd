package dev.sluice.core.extract.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.TargetConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.extract.ChunkWriterSettings;
import dev.sluice.core.extract.RowHasher;
import dev.sluice.core.failure.SourceFailure;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.load.LoadDialect;
import dev.sluice.core.load.LoadPlan;
import dev.sluice.core.load.LoadSource;
import dev.sluice.core.load.RedshiftLoadSql;
import dev.sluice.core.pipeline.Failures;
import dev.sluice.core.plan.Chunk;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.plan.RunPlanner;
import dev.sluice.core.source.ChangeTableStandIn;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.PostgresChangeTrackingDialect;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.TypeMapping;
import dev.sluice.core.validate.ChunkMeasures;
import dev.sluice.core.validate.QueryDialect;
import dev.sluice.core.validate.Reconciliation;
import dev.sluice.core.validate.RunRelation;
import dev.sluice.core.validate.ValidatedColumn;
import dev.sluice.core.validate.ValidationReport;
import dev.sluice.core.validate.ValidationSql;
import dev.sluice.core.watermark.ChangeTrackingExpiredException;
import dev.sluice.core.watermark.Watermark;
import dev.sluice.core.watermark.WatermarkException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change tracking table end to end through ExtractChunk: the first run's full load, then increments read as
 * {@link Chunk.Kind#CHANGES} chunks, each checked in the lake (DuckDB over the Parquet), against its manifest with
 * the validation measures and reconciliation, and merged into a DuckDB warehouse with the load batch.
 *
 * <p><b>Limit.</b> SQL Server cannot run here. The source is embedded PostgreSQL through
 * {@link PostgresChangeTrackingDialect}: the change tracking read is the statement SQL Server gets
 * ({@code ChangeTrackingSql}) with {@code CHANGETABLE(CHANGES ...)} replaced by {@link ChangeTableStandIn}, which
 * computes CHANGETABLE's rows (one per key, latest version, net operation) from a change log this test writes, and
 * the versions come from the stand-in's state. SQL Server's own text is pinned by {@code SqlServerDialectTest} and
 * run on H2 by {@code SqlServerChangeTrackingH2Test}.
 */
class ChangeTrackingExtractIT {

    private static final LocalDate INGEST = LocalDate.parse("2026-11-22");
    private static final LakeLayout LAYOUT = new LakeLayout("lake", "raw", "_sluice");
    private static final ChunkWriterSettings SETTINGS = new ChunkWriterSettings(LakeConfig.Codec.ZSTD,
            16L * LakeOutputFile.MIB, LakeOutputFile.MIB, true);
    private static final Instant COMMITTED_AT = Instant.parse("2026-11-22T02:00:00Z");

    static EmbeddedPostgresFixture pg;
    static SourceConfig source;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresFixture.start();
        source = pg.sourceConfig("embedded", IsolationLevel.SNAPSHOT);
        pg.execute("CREATE SCHEMA shop");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    /** One change tracking table with its stand-in, 50 rows inserted at version 1. */
    private record Tracked(TableConfig config, ChangeTableStandIn changes, PostgresChangeTrackingDialect dialect,
                           JdbcSource jdbc) {

        static Tracked create(String table, String changeSchema) throws SQLException {
            pg.execute("CREATE TABLE shop." + table + " (id int PRIMARY KEY, name varchar(40) NOT NULL, qty int,"
                    + " price numeric(10, 2))",
                    "INSERT INTO shop." + table + " SELECT g, 'item ' || g, g * 10, g * 1.5"
                            + " FROM generate_series(1, 50) g",
                    "ANALYZE shop." + table);
            ChangeTableStandIn changes = new ChangeTableStandIn(changeSchema, List.of("id int"));
            try (Connection c = pg.connection()) {
                changes.install(c);
            }
            pg.execute("INSERT INTO " + changeSchema + ".ct_log SELECT 1, 'I', g FROM generate_series(1, 50) g",
                    "UPDATE " + changeSchema + ".ct_state SET current_version = 1");
            TableConfig config = new TableConfig("embedded", "shop." + table, List.of("id"),
                    new WatermarkConfig(WatermarkConfig.Type.CHANGE_TRACKING, null, null, null), null,
                    new ChunkBounds(20, 1L << 30), null,
                    new TargetConfig("analytics", table, TargetConfig.Mode.MERGE, null, List.of()), null, null,
                    SchemaPolicy.FAIL, null);
            PostgresChangeTrackingDialect dialect = new PostgresChangeTrackingDialect(changes);
            return new Tracked(config, changes, dialect, new JdbcSource(source, dialect,
                    pg.dataSource()::getConnection));
        }

        List<ColumnMapping> mappings() {
            SourceTable described = jdbc.describe(TableRef.parse(config.table()));
            TypeMapping mapping = TypeMapping.of(source.engine());
            return described.columns().stream().map(c -> mapping.map(c, null)).toList();
        }

        ChunkPlan plan(Optional<Watermark> committed) {
            return new RunPlanner(jdbc, jdbc, jdbc).plan(config, IsolationLevel.SNAPSHOT, committed,
                    PlannedSchema.of(mappings()).fingerprint());
        }

        ExtractChunk extractChunk(InMemoryObjectStore store) {
            return new ExtractChunk(pg.dataSource()::getConnection, store, LAYOUT, SETTINGS,
                    LakeOutputFile.MIN_PART_SIZE, null, engine -> dialect);
        }

        ChunkAssignment assignment(ChunkPlan plan, int index) {
            return new ChunkAssignment(source, config, plan, index, INGEST, PlannedSchema.of(mappings()),
                    ChunkAssignment.runInstant(plan));
        }

        void change(long version, char op, int id, String sql) throws SQLException {
            pg.execute(sql);
            try (Connection c = pg.connection()) {
                changes.log(c, version, op, id);
            }
        }
    }

    @Test
    void incrementsCarryTheirOperationsReconcileAndMergeDeletesIntoTheWarehouse() throws Exception {
        Tracked t = Tracked.create("items", "ct_items");
        InMemoryObjectStore store = new InMemoryObjectStore();
        ExtractChunk extract = t.extractChunk(store);

        // run 1: the full load, several range chunks, every row an insert
        ChunkPlan first = t.plan(Optional.empty());
        assertThat(first.window().backfill()).isTrue();
        assertThat(first.chunks()).hasSizeGreaterThan(1).allMatch(c -> c.kind() == Chunk.Kind.RANGE);
        List<ChunkManifest> run1 = extractAll(extract, t, first);
        Path lake1 = partition(store, first, run1);
        assertThat(lakeRows(lake1, "SELECT _sluice_op, count(*) FROM read_parquet('%s') GROUP BY 1"))
                .containsExactly("I|50");

        // changes at versions 2..5, then the plan of run 2 captures version 5
        t.change(2, 'U', 5, "UPDATE shop.items SET name = 'five', qty = 500 WHERE id = 5");
        t.change(3, 'D', 7, "DELETE FROM shop.items WHERE id = 7");
        t.change(4, 'I', 51, "INSERT INTO shop.items VALUES (51, 'fifty-one', NULL, 5.10)");
        t.change(5, 'U', 9, "UPDATE shop.items SET price = NULL WHERE id = 9");
        ChunkPlan second = t.plan(Optional.of(Watermark.committed(first.window(), first.runId(), COMMITTED_AT)));
        assertThat(second.window().lowerExclusive()).isEqualTo(KeyValue.ofLong(1));
        assertThat(second.window().upperInclusive()).isEqualTo(KeyValue.ofLong(5));
        assertThat(second.chunks()).singleElement().extracting(Chunk::kind).isEqualTo(Chunk.Kind.CHANGES);
        // changed after the plan captured version 5: left whole to the next run
        t.change(6, 'U', 5, "UPDATE shop.items SET name = 'five-again' WHERE id = 5");
        t.change(6, 'U', 10, "UPDATE shop.items SET qty = 1000 WHERE id = 10");

        List<ChunkManifest> run2 = extractAll(extract, t, second);
        Path lake2 = partition(store, second, run2);
        String rows = "SELECT id, name, qty, price::varchar, _sluice_op FROM read_parquet('%s') ORDER BY id";
        assertThat(lakeRows(lake2, rows)).containsExactly(
                "7|null|null|null|D",
                "9|item 9|90|null|U",
                "51|fifty-one|null|5.10|I");
        ChunkManifest changes = run2.getFirst();
        assertThat(changes.rowCount()).isEqualTo(3);                      // deletes are rows
        assertThat(changes.nullCounts()).containsEntry("name", 1L).containsEntry("qty", 2L)
                .containsEntry("price", 2L);
        assertThat(changes.sums()).containsEntry("qty", "90").containsEntry("price", "5.10");
        assertThat(changes.keyMin().toString()).contains("\"7\"");
        assertThat(changes.keyMax().toString()).contains("\"51\"");
        // the delete's row hash: its key and a NULL for every other column, as carried (docs/ROW_HASH.md)
        RowHasher hasher = new RowHasher();
        hasher.beginRow();
        hasher.integer(7);
        hasher.nullValue(RowHasher.STRING);
        hasher.nullValue(RowHasher.INTEGER);
        hasher.nullValue(RowHasher.DECIMAL);
        assertThat(lakeRows(lake2, "SELECT _sluice_row_hash FROM read_parquet('%s') WHERE _sluice_op = 'D'"))
                .containsExactly(Long.toString(hasher.endRow()));

        // validation measures the lake as the manifest did: the report passes, no duplicate key
        ValidationReport report = reconcile(t, lake2, second, run2);
        assertThat(report.passed()).as(report.toString()).isTrue();

        // a redrive of the committed chunk reads nothing and returns the same manifest
        ChunkOutcome again = extract.extract(t.assignment(second, 0));
        assertThat(again.extracted()).isFalse();
        assertThat(again.manifest()).isEqualTo(changes);

        // run 3 continues from the captured version: the two keys changed at 6, with their values now
        ChunkPlan third = t.plan(Optional.of(Watermark.committed(second.window(), second.runId(), COMMITTED_AT)));
        List<ChunkManifest> run3 = extractAll(extract, t, third);
        Path lake3 = partition(store, third, run3);
        assertThat(lakeRows(lake3, rows)).containsExactly("5|five-again|500|7.50|U", "10|item 10|1000|15.00|U");

        // merged run after run into the warehouse, the target is the source table, the delete included
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            load(duck, t, first, lake1, run1);
            load(duck, t, second, lake2, run2);
            load(duck, t, third, lake3, run3);
            List<String> target = rowsOf(duck.createStatement().executeQuery(
                    "SELECT id, name, qty, price::varchar FROM analytics.items ORDER BY id"));
            List<String> sourceRows;
            try (Connection c = pg.connection()) {
                sourceRows = rowsOf(c.createStatement().executeQuery(
                        "SELECT id, name, qty, price::varchar FROM shop.items ORDER BY id"));
            }
            assertThat(target).hasSize(50).doesNotContain("7|item 7|70|10.50").isEqualTo(sourceRows);
        }
    }

    @Test
    void anIncrementWhoseChangesWereCleanedUpFailsWithTheBackfillAsItsFixAndLeavesNothing() throws Exception {
        Tracked t = Tracked.create("gone", "ct_gone");
        ChunkPlan first = t.plan(Optional.empty());
        t.change(2, 'U', 3, "UPDATE shop.gone SET qty = 0 WHERE id = 3");
        ChunkPlan second = t.plan(Optional.of(Watermark.committed(first.window(), first.runId(), COMMITTED_AT)));
        InMemoryObjectStore store = new InMemoryObjectStore();
        ExtractChunk extract = t.extractChunk(store);

        // cleanup removed the changes after version 1 between the plan and the extraction
        try (Connection c = pg.connection()) {
            t.changes().state(c, 2L, 2L);
        }
        assertThatThrownBy(() -> extract.extract(t.assignment(second, 0)))
                .isInstanceOfSatisfying(ExtractChunkException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getCause()).isInstanceOf(ChangeTrackingExpiredException.class);
                    assertThat(Failures.translate(e, "ExtractChunk")).isInstanceOf(SourceFailure.class);
                })
                .hasMessageContaining("chunk " + second.chunks().getFirst().id())
                .hasMessageContaining("last synced change tracking version 1 is older than"
                        + " CHANGE_TRACKING_MIN_VALID_VERSION 2")
                .hasMessageContaining("start a run of the table with mode backfill");
        // the database went back before the captured version (a restore)
        try (Connection c = pg.connection()) {
            t.changes().state(c, 1L, 0L);
        }
        assertThatThrownBy(() -> extract.extract(t.assignment(second, 0)))
                .hasCauseInstanceOf(ChangeTrackingExpiredException.class)
                .hasMessageContaining("CHANGE_TRACKING_CURRENT_VERSION() is 1, below the version 2");
        // change tracking turned off for the table
        try (Connection c = pg.connection()) {
            t.changes().state(c, 2L, null);
        }
        assertThatThrownBy(() -> extract.extract(t.assignment(second, 0)))
                .hasCauseInstanceOf(WatermarkException.class)
                .hasMessageContaining("ENABLE CHANGE_TRACKING");
        assertThat(store.listAll("")).isEmpty();
        assertThat(store.listMultipartUploads("")).isEmpty();

        // with the changes kept, the same assignment extracts the one change
        try (Connection c = pg.connection()) {
            t.changes().state(c, 2L, 1L);
        }
        assertThat(extract.extract(t.assignment(second, 0)).manifest().rowCount()).isEqualTo(1);
    }

    private static List<ChunkManifest> extractAll(ExtractChunk extract, Tracked t, ChunkPlan plan) {
        List<ChunkManifest> manifests = new ArrayList<>();
        for (Chunk chunk : plan.chunks()) {
            ChunkOutcome outcome = extract.extract(t.assignment(plan, chunk.index()));
            assertThat(outcome.extracted()).isTrue();
            manifests.add(outcome.manifest());
        }
        return manifests;
    }

    /** The run's chunk objects copied into a local partition directory, as local mode's lake lays them out. */
    private Path partition(InMemoryObjectStore store, ChunkPlan plan, List<ChunkManifest> manifests)
            throws Exception {
        Path partition = dir.resolve("run_id=" + plan.runId());
        Files.createDirectories(partition);
        for (ChunkManifest m : manifests) {
            Files.write(partition.resolve(m.chunkId() + ".parquet"), store.get(m.objectKey()).orElseThrow().bytes());
        }
        return partition;
    }

    private static List<String> lakeRows(Path partition, String sql) throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            return rowsOf(s.executeQuery(sql.formatted(partition.resolve("*.parquet"))));
        }
    }

    private static List<String> rowsOf(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (rs) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    /** The run's chunk measures computed by DuckDB over its files, reconciled with its manifests. */
    private static ValidationReport reconcile(Tracked t, Path partition, ChunkPlan plan, List<ChunkManifest> manifests)
            throws SQLException {
        List<ValidatedColumn> columns = t.mappings().stream().flatMap(m -> m.lakeColumns().stream())
                .map(ValidatedColumn::of).toList();
        List<String> keys = List.of("id");
        List<ChunkMeasures> measures = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("CREATE SCHEMA lake");
            s.execute("CREATE VIEW lake.run_rows AS SELECT * FROM read_parquet('" + partition.resolve("*.parquet")
                    + "')");
            try (ResultSet rs = s.executeQuery(ValidationSql.chunkMeasures(QueryDialect.DUCKDB,
                    new RunRelation("lake", "run_rows", null), keys, columns))) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    measures.add(ChunkMeasures.fromRow(row, QueryDialect.DUCKDB, keys, columns));
                }
            }
        }
        assertThat(measures).singleElement().satisfies(m -> {
            assertThat(m.rowCount()).isEqualTo(3);
            assertThat(m.distinctKeys()).isEqualTo(3L);
        });
        return new Reconciliation(null, keys, columns).reconcile(plan.table(), plan.runId(), manifests, measures);
    }

    /** The run's load batch in DuckDB's dialect over its partition, in one transaction. */
    private static void load(Connection duck, Tracked t, ChunkPlan plan, Path partition, List<ChunkManifest> run)
            throws SQLException {
        long rows = run.stream().mapToLong(ChunkManifest::rowCount).sum();
        List<ColumnMapping> carried = t.mappings();
        LoadPlan load = new LoadPlan(t.config(), carried, plan.runId(), new LoadSource.LocalParquet(partition),
                "sluice", rows, Optional.empty());
        duck.setAutoCommit(false);
        try (Statement s = duck.createStatement()) {
            for (String sql : RedshiftLoadSql.batch(load, LoadDialect.DUCKDB)) {
                s.execute(sql);
            }
            duck.commit();
        } finally {
            duck.setAutoCommit(true);
        }
    }
}
