package dev.sluice.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.TargetConfig.Mode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedshiftLoadSqlTest {

    private static final LoadSource.S3Copy COPY = new LoadSource.S3Copy(
            "s3://acme-lake-dev/raw/erp/sales.orders/ingest_date=2026-11-20/run_id=" + LoadFixtures.RUN_1 + "/",
            "arn:aws:iam::123456789012:role/sluice-dev-copy");

    private static LoadPlan redshiftPlan(Mode mode, Optional<List<TargetColumn>> existing, SchemaPolicy policy) {
        return new LoadPlan(LoadFixtures.table(mode, "id", List.of("updated_at", "id"), policy),
                LoadFixtures.columns(), LoadFixtures.RUN_1, COPY, "sluice", 42, existing);
    }

    @Test
    void copyStatementReadsTheRunPartitionAsParquetWithTheRole() {
        List<String> batch = RedshiftLoadSql.batch(redshiftPlan(Mode.MERGE, Optional.empty(), SchemaPolicy.EVOLVE),
                LoadDialect.REDSHIFT);
        assertThat(batch).contains("COPY sluice_staged FROM 's3://acme-lake-dev/raw/erp/sales.orders/"
                + "ingest_date=2026-11-20/run_id=r20261120-aaaaaaaaaaaa/' IAM_ROLE "
                + "'arn:aws:iam::123456789012:role/sluice-dev-copy' FORMAT AS PARQUET");
        assertThat(batch).contains("CREATE TEMP TABLE sluice_staged (\"id\" INTEGER, \"name\" VARCHAR(400),"
                + " \"amount\" DECIMAL(12,2), \"updated_at\" TIMESTAMP, \"_sluice_row_hash\" BIGINT,"
                + " \"_sluice_run_id\" VARCHAR(128), \"_sluice_chunk_id\" VARCHAR(64),"
                + " \"_sluice_extracted_at\" TIMESTAMPTZ, \"_sluice_op\" VARCHAR(1))");
    }

    @Test
    void withoutChangeTrackingTheFilesHaveNoOpAndMergeDeduplicatesByTheWatermark() {
        LoadPlan plan = new LoadPlan(LoadFixtures.timestampTable(Mode.MERGE), LoadFixtures.columns(),
                LoadFixtures.RUN_1, COPY, "sluice", 3, Optional.empty());
        List<String> batch = RedshiftLoadSql.batch(plan, LoadDialect.REDSHIFT);
        assertThat(batch).contains("CREATE TEMP TABLE sluice_staged (\"id\" INTEGER, \"name\" VARCHAR(400),"
                + " \"amount\" DECIMAL(12,2), \"updated_at\" TIMESTAMP, \"_sluice_row_hash\" BIGINT,"
                + " \"_sluice_run_id\" VARCHAR(128), \"_sluice_chunk_id\" VARCHAR(64),"
                + " \"_sluice_extracted_at\" TIMESTAMPTZ)");
        assertThat(batch).anyMatch(s -> s.contains("ROW_NUMBER() OVER (PARTITION BY \"id\" ORDER BY"
                + " \"_sluice_extracted_at\" DESC, \"updated_at\" DESC, \"_sluice_row_hash\" DESC)"));
        assertThat(String.join("\n", batch)).doesNotContain("_sluice_op");
    }

    @Test
    void targetDdlHasDistAndSortKeysAndTheSluiceColumns() {
        List<String> batch = RedshiftLoadSql.batch(redshiftPlan(Mode.SCD2, Optional.empty(), SchemaPolicy.EVOLVE),
                LoadDialect.REDSHIFT);
        assertThat(batch).contains("CREATE TABLE IF NOT EXISTS \"analytics\".\"orders\" (\"id\" INTEGER NOT NULL,"
                + " \"name\" VARCHAR(400), \"amount\" DECIMAL(12,2), \"updated_at\" TIMESTAMP,"
                + " \"_sluice_row_hash\" BIGINT NOT NULL, \"_sluice_run_id\" VARCHAR(128) NOT NULL,"
                + " \"_sluice_extracted_at\" TIMESTAMPTZ NOT NULL, \"_sluice_valid_from\" TIMESTAMPTZ NOT NULL,"
                + " \"_sluice_valid_to\" TIMESTAMPTZ, \"_sluice_is_current\" BOOLEAN NOT NULL)"
                + " DISTKEY (\"id\") COMPOUND SORTKEY (\"updated_at\", \"id\")");
    }

    @Test
    void batchOrderLocksGatesStagesChecksThenApplies() {
        List<String> batch = RedshiftLoadSql.batch(redshiftPlan(Mode.MERGE, Optional.empty(), SchemaPolicy.EVOLVE),
                LoadDialect.REDSHIFT);
        assertThat(batch.get(0)).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"sluice\"");
        assertThat(batch.get(4)).isEqualTo("LOCK \"analytics\".\"orders\"");
        assertThat(batch.get(5)).isEqualTo("CREATE TEMP TABLE sluice_gate AS SELECT count(*) AS loaded FROM"
                + " \"sluice\".\"sluice_load_ledger\" WHERE run_id = 'r20261120-aaaaaaaaaaaa'"
                + " AND target_schema = 'analytics' AND target_table = 'orders'");
        assertThat(batch.get(8)).isEqualTo("SELECT CASE WHEN count(*) = 42 THEN 0 ELSE CAST('sluice: run"
                + " r20261120-aaaaaaaaaaaa staged ' || CAST(count(*) AS VARCHAR(20)) || ' rows for analytics.orders"
                + " but its manifest has 42' AS INTEGER) END AS staged_rows_check FROM sluice_staged");
        assertThat(batch).anyMatch(s -> s.startsWith("MERGE INTO \"analytics\".\"orders\" USING sluice_changes c ON"
                + " \"analytics\".\"orders\".\"id\" = c.\"id\" WHEN MATCHED THEN UPDATE SET"));
        assertThat(batch).anyMatch(s -> s.startsWith("INSERT INTO \"sluice\".\"sluice_load_ledger\"")
                && s.endsWith("GETDATE() FROM sluice_gate WHERE loaded = 0"));
    }

    @Test
    void evolveAddsNewNullableColumnsAndFailPolicyRefusesThem() {
        List<TargetColumn> existing = RedshiftLoadSql.targetColumns(
                redshiftPlan(Mode.MERGE, Optional.empty(), SchemaPolicy.EVOLVE)).stream()
                .filter(c -> !c.name().equals("amount"))
                .map(c -> new TargetColumn(c.name(), c.type().replace("VARCHAR", "character varying"), c.nullable()))
                .toList();
        List<String> batch = RedshiftLoadSql.batch(redshiftPlan(Mode.MERGE, Optional.of(existing),
                SchemaPolicy.EVOLVE), LoadDialect.REDSHIFT);
        assertThat(batch).contains("ALTER TABLE \"analytics\".\"orders\" ADD COLUMN \"amount\" DECIMAL(12,2)");

        assertThatThrownBy(() -> RedshiftLoadSql.batch(redshiftPlan(Mode.MERGE, Optional.of(existing),
                SchemaPolicy.FAIL), LoadDialect.REDSHIFT))
                .isInstanceOf(TargetSchemaException.class)
                .hasMessageContaining("lacks new column amount DECIMAL(12,2)")
                .hasMessageContaining("set schemaPolicy: evolve");
    }

    @Test
    void typeChangesAndDroppedColumnsAreRefusedNamingColumnAndFix() {
        List<TargetColumn> existing = List.of(
                new TargetColumn("id", "integer", false),
                new TargetColumn("name", "character varying(200)", true),
                new TargetColumn("amount", "numeric(12,2)", true),
                new TargetColumn("updated_at", "timestamp without time zone", true),
                new TargetColumn("legacy_flag", "boolean", true),
                new TargetColumn("_sluice_row_hash", "bigint", false),
                new TargetColumn("_sluice_run_id", "character varying(128)", false),
                new TargetColumn("_sluice_extracted_at", "timestamp with time zone", false));
        TargetSchemaDiff diff = RedshiftLoadSql.schemaDiff(redshiftPlan(Mode.MERGE, Optional.of(existing),
                SchemaPolicy.EVOLVE));
        assertThat(diff.additions()).isEmpty();
        assertThat(diff.refusals()).hasSize(2);
        assertThat(diff.refusals().get(0)).contains("column name is VARCHAR(200) but the run loads VARCHAR(400)")
                .contains("ALTER TABLE analytics.orders ALTER COLUMN name TYPE");
        assertThat(diff.refusals().get(1)).contains("has column legacy_flag BOOLEAN that the run no longer loads");
    }

    @Test
    void literalsAreValidatedBeforeTheyReachSql() {
        assertThatThrownBy(() -> new LoadSource.S3Copy("s3://acme-lake/raw/run_id=x'; DROP TABLE t;--/",
                "arn:aws:iam::123456789012:role/r")).hasMessageContaining("is not the S3 prefix of a run partition");
        assertThatThrownBy(() -> new LoadSource.S3Copy("s3://acme-lake/raw/run_id=r1/", "arn:aws:iam::1:role/x'"))
                .hasMessageContaining("fix warehouse.copyRoleArn");
        assertThatThrownBy(() -> LoadFixtures.plan(Mode.APPEND, "r1' OR '1'='1", COPY, 1))
                .hasMessageContaining("is not a Sluice run id");
        assertThatThrownBy(() -> new LoadSource.LocalParquet(Path.of("/tmp/it's")))
                .hasMessageContaining("must be an absolute path");
        // a COPY prefix of another run is refused
        assertThatThrownBy(() -> RedshiftLoadSql.batch(LoadFixtures.plan(Mode.APPEND, LoadFixtures.RUN_2, COPY, 1),
                LoadDialect.REDSHIFT)).hasMessageContaining("is not the partition of run r20261121-bbbbbbbbbbbb");
    }

    @Test
    void identifiersFromConfigAreValidated() {
        assertThatThrownBy(() -> SqlIdentifier.quote("target table of sales.orders", "orders\"; drop"))
                .hasMessageContaining("target table of sales.orders: 'orders\"; drop' is not a plain SQL identifier")
                .hasMessageContaining("rename it in config");
        assertThat(SqlIdentifier.quote("x", "Order_Lines$2")).isEqualTo("\"Order_Lines$2\"");
    }

    @Test
    void mergeWithoutPrimaryKeyIsRefused() {
        LoadPlan keyless = new LoadPlan(new dev.sluice.core.config.TableConfig("erp", "sales.orders", List.of(),
                null, null, null, null, new dev.sluice.core.config.TargetConfig("analytics", "orders", Mode.MERGE,
                null, List.of()), null, null, null, null), LoadFixtures.columns(), LoadFixtures.RUN_1, COPY,
                "sluice", 1, Optional.empty());
        assertThatThrownBy(() -> RedshiftLoadSql.batch(keyless, LoadDialect.REDSHIFT))
                .hasMessageContaining("loads with mode merge but has no primary key");
    }

    @Test
    void catalogTypeSpellingsAreCanonical() {
        assertThat(TargetColumn.canonicalType("character varying(65535)")).isEqualTo("VARCHAR(65535)");
        assertThat(TargetColumn.canonicalType("numeric(38, 10)")).isEqualTo("DECIMAL(38,10)");
        assertThat(TargetColumn.canonicalType("timestamp with time zone")).isEqualTo("TIMESTAMPTZ");
        assertThat(TargetColumn.canonicalType("double precision")).isEqualTo("DOUBLE PRECISION");
        assertThat(TargetColumn.canonicalType("binary varying(16)")).isEqualTo("VARBYTE(16)");
    }
}
