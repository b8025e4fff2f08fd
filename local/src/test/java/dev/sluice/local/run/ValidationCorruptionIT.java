package dev.sluice.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.EnvironmentConfig;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.TargetConfig;
import dev.sluice.core.config.WarehouseConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.failure.ValidationMismatchFailure;
import dev.sluice.core.pipeline.RunRequest;
import dev.sluice.core.pipeline.StepName;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import dev.sluice.core.validate.ValidationReport;
import dev.sluice.local.runner.ExecutionResult;
import dev.sluice.local.runner.ExecutionStatus;
import dev.sluice.local.runner.LocalFunction;
import dev.sluice.local.stand.LocalPipeline;
import dev.sluice.local.testing.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corruption of a lake produced by a real run is caught: between SealRun and StartValidation one chunk's Parquet is
 * rewritten with one value changed, one row dropped or one row duplicated, and the run fails validation naming the
 * chunk and the key.
 */
class ValidationCorruptionIT {

    static EmbeddedPostgresFixture pg;
    static SourceConfig source;

    @TempDir
    Path workingDirectory;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresFixture.start();
        source = pg.sourceConfig("shop", IsolationLevel.READ_COMMITTED);
        pg.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.payments (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL,"
                        + " payer varchar(30) NOT NULL)",
                "INSERT INTO shop.payments SELECT g, g * 2.5, 'payer ' || (g % 7) FROM generate_series(1, 300) g",
                "ANALYZE");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    private static SluiceConfig config() {
        TableConfig payments = new TableConfig("shop", "shop.payments", List.of("id"),
                new WatermarkConfig(WatermarkConfig.Type.KEY, "id", null, null), null, new ChunkBounds(100, 1L << 30),
                null, new TargetConfig("analytics", "payments", TargetConfig.Mode.APPEND, null, List.of()), null, null,
                SchemaPolicy.FAIL, null);
        return new SluiceConfig(new EnvironmentConfig("it", "000000000000", "eu-west-1"), List.of(source),
                new LakeConfig("sluice-it-lake", null, null, null, LakeConfig.Codec.ZSTD, null),
                new WarehouseConfig("local", null, "analytics", null, null, null, "sluice"), null, List.of(payments));
    }

    /** Runs the table once with {@code tamper} applied to its first chunk file before validation starts. */
    private ExecutionResult runWithTamperedChunk(String tamper, AtomicReference<String> chunkId) throws Exception {
        Path lake = workingDirectory.resolve(".sluice/lake/sluice-it-lake/raw/shop/shop.payments");
        BiFunction<StepName, LocalFunction, LocalFunction> corrupt = (step, function) ->
                step != StepName.START_VALIDATION ? function : input -> {
                    Path file;
                    try (Stream<Path> files = Files.walk(lake)) {
                        file = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted()
                                .findFirst().orElseThrow();
                    }
                    chunkId.set(file.getFileName().toString().replace("part-", "").replace(".parquet", ""));
                    String path = file.toString().replace("'", "''");
                    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                         Statement st = c.createStatement()) {
                        st.execute("CREATE TABLE t AS SELECT * FROM read_parquet('" + path + "')");
                        st.execute(tamper);
                        st.execute("COPY (SELECT * FROM t ORDER BY id) TO '" + path + "' (FORMAT parquet)");
                    }
                    return function.invoke(input);
                };
        try (LocalPipeline pipeline = LocalPipeline.open(config(), workingDirectory,
                s -> pg.dataSource()::getConnection);
             LocalMigration migration = new LocalMigration(pipeline,
                     RepositoryRoot.find().resolve(LocalMigration.STATE_MACHINE), corrupt)) {
            return migration.run(new RunRequest("shop", "shop.payments", RunRequest.Mode.AUTO, null, null, null));
        }
    }

    private static void assertFailsValidationNaming(ExecutionResult result, String chunkId, String... words) {
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo(ValidationMismatchFailure.class.getName());
        assertThat(result.cause()).contains(chunkId).contains(words);
    }

    /**
     * A value changed in the file under an unchanged {@code _sluice_row_hash} leaves count and digest equal, so the
     * digest bisection names no key; the chunk is then bisected by the failing column (DuckDB over the lake against
     * the source re-read) and the run fails naming the chunk, the measure, both sums, the key and both values.
     */
    @Test
    void aChangedValueFailsValidationNamingTheChunkTheMeasureBothValuesAndTheKey() throws Exception {
        AtomicReference<String> chunk = new AtomicReference<>();
        ExecutionResult result = runWithTamperedChunk("UPDATE t SET amount = amount + 1 WHERE id = 42", chunk);
        assertFailsValidationNaming(result, chunk.get(), "sum(amount) expected 7125.00 (manifest), found 7126.00"
                + " (lake)", "keys: (42) CHANGED [sum(amount): amount 105.00 in the source, 106.00 in the lake; row"
                + " hash ", " in both: the lake's value was changed after it was written");
        // validation.json in the run folder holds the same: the chunk, the measure with both sums, and the key
        Path report;
        try (Stream<Path> files = Files.walk(workingDirectory.resolve(".sluice/lake/sluice-it-lake/_sluice/runs"))) {
            report = files.filter(f -> f.getFileName().toString().equals("validation.json")).findFirst()
                    .orElseThrow();
        }
        ValidationReport stored = ValidationReport.fromJson(Files.readString(report));
        assertThat(stored.passed()).isFalse();
        ValidationReport.ChunkReport tampered = stored.chunks().stream()
                .filter(c -> c.chunkId().equals(chunk.get())).findFirst().orElseThrow();
        assertThat(tampered.checks()).filteredOn(c -> c.verdict() == ValidationReport.Verdict.FAIL)
                .extracting(ValidationReport.Check::measure, ValidationReport.Check::expected,
                        ValidationReport.Check::found)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sum(amount)", "7125.00", "7126.00"));
        assertThat(tampered.keys()).singleElement().satisfies(k -> {
            assertThat(k.key()).containsExactly("42");
            assertThat(k.kind()).isEqualTo(ValidationReport.DifferenceKind.CHANGED);
            assertThat(k.detail()).startsWith("sum(amount): amount 105.00 in the source, 106.00 in the lake;");
        });
        assertThat(tampered.keysComplete()).isTrue();
    }

    @Test
    void aDroppedRowFailsValidationNamingTheChunkAndTheKey() throws Exception {
        AtomicReference<String> chunk = new AtomicReference<>();
        ExecutionResult result = runWithTamperedChunk("DELETE FROM t WHERE id = 17", chunk);
        assertFailsValidationNaming(result, chunk.get(), "row_count", "(17)");
    }

    @Test
    void aDuplicatedRowFailsValidationNamingTheChunkAndTheKey() throws Exception {
        AtomicReference<String> chunk = new AtomicReference<>();
        ExecutionResult result = runWithTamperedChunk("INSERT INTO t SELECT * FROM t WHERE id = 5", chunk);
        assertFailsValidationNaming(result, chunk.get(), "duplicate", "(5)");
    }
}
