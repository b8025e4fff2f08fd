package dev.sluice.core.types;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.config.ColumnOverride.Policy;
import dev.sluice.core.config.Engine;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The report for a realistic SQL Server table and a PostgreSQL table: rows, blocking messages, warnings, text. */
class TypeFidelityReportTest {

    private static SourceTable table(String qualified, SourceColumn... columns) {
        return new SourceTable(TableRef.parse(qualified), List.of(columns), List.of(columns[0].name()), List.of(),
                1_000_000, 200_000_000);
    }

    private static ColumnOverride policy(Policy policy) {
        return new ColumnOverride(policy, "reviewed");
    }

    private static SourceTable salesOrders() {
        return table("sales.orders",
                new SourceColumn("order_id", 1, "bigint", 19, 0, false),
                new SourceColumn("order_ref", 2, "uniqueidentifier", 0, 0, false),
                new SourceColumn("total", 3, "money", 19, 4, false),
                new SourceColumn("placed_at", 4, "datetime2", 7, 0, false),
                new SourceColumn("promised_at", 5, "datetimeoffset", 3, 0, true),
                new SourceColumn("notes", 6, "nvarchar", -1, 0, true),
                new SourceColumn("org_path", 7, "hierarchyid", 0, 0, true),
                new SourceColumn("row_ver", 8, "timestamp", 0, 0, false),
                new SourceColumn("extra", 9, "sql_variant", 0, 0, true));
    }

    @Test
    void sqlServerTableBlocksOnLossyColumnsWithoutPolicy() {
        Map<String, ColumnOverride> overrides = new LinkedHashMap<>();
        overrides.put("placed_at", policy(Policy.ACCEPT_LOSSY));
        overrides.put("order_ref", policy(Policy.AS_STRING));
        overrides.put("discount", policy(Policy.EXCLUDE));

        TypeFidelityReport report = TypeFidelityReport.of(Engine.SQLSERVER, salesOrders(), overrides, 2);

        assertThat(report.runnable()).isFalse();
        assertThat(report.rows()).extracting(TypeFidelityReport.Row::status).containsExactly(
                MappingStatus.OK, MappingStatus.POLICY_NOT_NEEDED, MappingStatus.OK, MappingStatus.LOSSY_ACCEPTED,
                MappingStatus.OK, MappingStatus.NEEDS_POLICY, MappingStatus.OK, MappingStatus.OK,
                MappingStatus.NEEDS_POLICY);
        assertThat(report.rows().get(3).sourceType()).isEqualTo("datetime2(7)");
        assertThat(report.rows().get(4).parquet())
                .isEqualTo("INT64 TIMESTAMP(MICROS,utc=true) + INT32 INT(16,signed)");
        assertThat(report.blocking()).extracting(TypeFidelityReport.Blocking::column)
                .containsExactly("notes", "extra");
        TypeFidelityReport.Blocking notes = report.blocking().get(0);
        assertThat(notes.configPath()).isEqualTo("tables[2].columns.notes.policy");
        assertThat(notes.fix()).isEqualTo("acceptLossy | asString | exclude");
        assertThat(notes.message()).startsWith("sales.orders column notes (nvarchar(max)) maps with loss: strings "
                + "longer than 65,535 bytes in UTF-8 do not fit Redshift VARCHAR(65535)")
                .endsWith("Fix: set tables[2].columns.notes.policy: acceptLossy | asString | exclude");
        assertThat(report.warnings()).containsExactly(
                "tables[2].columns.order_ref.policy: asString is not needed for sales.orders column order_ref "
                        + "(uniqueidentifier maps exactly); applied anyway: the column is carried as string",
                "tables[2].columns.discount: sales.orders has no column discount, so this policy applies to "
                        + "nothing; remove it or correct the name");
        assertThat(report.mappings().get(4).lakeColumns()).extracting(LakeColumn::name)
                .containsExactly("promised_at", "_sluice_offset_promised_at");
    }

    @Test
    void sqlServerTableRunsOncePoliciesAreSet() {
        Map<String, ColumnOverride> overrides = Map.of(
                "placed_at", policy(Policy.ACCEPT_LOSSY),
                "NOTES", policy(Policy.AS_STRING),          // matched ignoring case
                "extra", policy(Policy.EXCLUDE));

        TypeFidelityReport report = TypeFidelityReport.of(Engine.SQLSERVER, salesOrders(), overrides, 0);

        assertThat(report.runnable()).isTrue();
        assertThat(report.blocking()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.rows().get(5).status()).isEqualTo(MappingStatus.LOSSY_ACCEPTED);
        assertThat(report.rows().get(8).status()).isEqualTo(MappingStatus.EXCLUDED);
        assertThat(report.mappings().get(8).lakeColumns()).isEmpty();
    }

    @Test
    void postgresTableReportsRejectedPoliciesAndCaseCollisions() {
        SourceTable events = table("public.events",
                new SourceColumn("id", 1, "int8", 64, 0, false),
                new SourceColumn("kind", 2, "mood", 0, 0, false),
                new SourceColumn("payload", 3, "jsonb", -1, 0, true),
                new SourceColumn("tags", 4, "_text", 0, 0, true),
                new SourceColumn("amount", 5, "numeric", -1, -1, true),
                new SourceColumn("happened_at", 6, "timestamptz", 6, 0, false),
                new SourceColumn("ID", 7, "int4", 32, 0, true));
        Map<String, ColumnOverride> overrides = Map.of(
                "kind", policy(Policy.ACCEPT_LOSSY),
                "payload", policy(Policy.ACCEPT_LOSSY),
                "tags", policy(Policy.AS_STRING));

        TypeFidelityReport report = TypeFidelityReport.of(Engine.POSTGRESQL, events, overrides, 5);

        assertThat(report.runnable()).isFalse();
        assertThat(report.rows()).extracting(TypeFidelityReport.Row::status).containsExactly(
                MappingStatus.OK, MappingStatus.POLICY_REJECTED, MappingStatus.LOSSY_ACCEPTED,
                MappingStatus.LOSSY_ACCEPTED, MappingStatus.NEEDS_POLICY, MappingStatus.OK, MappingStatus.OK);
        assertThat(report.blocking()).extracting(TypeFidelityReport.Blocking::column)
                .containsExactly("kind", "amount", "ID");
        assertThat(report.blocking().get(0).message()).isEqualTo("public.events column kind (mood) has a policy "
                + "that cannot apply: acceptLossy applies only to lossy mappings and mood has no typed mapping: "
                + "choose asString or exclude. Fix: set tables[5].columns.kind.policy: asString | exclude");
        assertThat(report.blocking().get(1).message()).contains("public.events column amount (numeric) maps with "
                + "loss: numeric without precision holds any number of digits");
        assertThat(report.blocking().get(2).message()).isEqualTo("public.events column ID becomes lake column ID, "
                + "which Glue and Athena cannot tell apart from id (of column id): they ignore case. Fix: set "
                + "tables[5].columns.ID.policy: exclude (or rename one column at the source)");
    }

    @Test
    void reservedColumnNameBlocksUntilExcluded() {
        SourceTable t = table("dbo.audit",
                new SourceColumn("id", 1, "int", 10, 0, false),
                new SourceColumn("_sluice_row_hash", 2, "bigint", 19, 0, true));

        TypeFidelityReport blocked = TypeFidelityReport.of(Engine.SQLSERVER, t, Map.of(), 1);
        TypeFidelityReport excluded = TypeFidelityReport.of(Engine.SQLSERVER, t,
                Map.of("_sluice_row_hash", policy(Policy.EXCLUDE)), 1);

        assertThat(blocked.blocking()).singleElement().satisfies(b -> {
            assertThat(b.fix()).isEqualTo("exclude");
            assertThat(b.message()).contains("reserved for Sluice's own lake columns");
        });
        assertThat(excluded.runnable()).isTrue();
    }

    @Test
    void lakeNamesBeyondRedshiftsIdentifierLimitBlock() {
        String name = "c".repeat(113);                       // + "_sluice_offset_" (15) = 128 bytes
        SourceTable t = table("dbo.wide",
                new SourceColumn("id", 1, "int", 10, 0, false),
                new SourceColumn(name, 2, "datetimeoffset", 3, 0, true),
                new SourceColumn("d".repeat(112), 3, "datetimeoffset", 3, 0, true));   // 127 bytes: fits

        TypeFidelityReport report = TypeFidelityReport.of(Engine.SQLSERVER, t, Map.of(), 0);

        assertThat(report.blocking()).singleElement().satisfies(b -> {
            assertThat(b.column()).isEqualTo(name);
            assertThat(b.message()).contains("_sluice_offset_" + name + ", 128 bytes long, beyond Redshift's "
                    + "127-byte identifier limit");
        });
    }

    @Test
    void textRendersAnAlignedTableThenBlockingAndWarnings() {
        TypeFidelityReport report = TypeFidelityReport.of(Engine.SQLSERVER, salesOrders(),
                Map.of("order_ref", policy(Policy.AS_STRING)), 2);

        String text = report.toText();
        List<String> lines = text.lines().toList();

        assertThat(lines.get(0)).isEqualTo("Type fidelity of sales.orders (sqlserver, mapping v1): BLOCKED");
        List<String> table = new ArrayList<>(lines.subList(1, 1 + 1 + salesOrders().columns().size()));
        int statusAt = table.get(0).indexOf("STATUS");
        assertThat(table.get(0)).startsWith("  COLUMN");
        for (String row : table.subList(1, table.size())) {
            assertThat(row.substring(statusAt)).as(row)
                    .matches("OK|NEEDS POLICY|POLICY NOT NEEDED|LOSSY ACCEPTED");
        }
        assertThat(table.get(6)).startsWith("  notes ").contains("nvarchar(max)").contains("VARCHAR(65535)")
                .contains("LOSSY").endsWith("NEEDS POLICY");
        assertThat(text).contains("Blocking (3): the table will not run until config changes")
                .contains("  - sales.orders column placed_at (datetime2(7)) maps with loss: 7 fractional digits")
                .contains("Warnings (1):");
    }

    @Test
    void serialisesToJsonAndBack() throws Exception {
        TypeFidelityReport report = TypeFidelityReport.of(Engine.SQLSERVER, salesOrders(),
                Map.of("extra", policy(Policy.EXCLUDE)), 3);
        ObjectMapper json = new ObjectMapper();

        String text = json.writeValueAsString(report);
        TypeFidelityReport back = json.readValue(text, TypeFidelityReport.class);

        assertThat(back).isEqualTo(report);
        assertThat(text).contains("\"kind\":\"timestamp\"").contains("\"policy\":\"exclude\"")
                .contains("\"status\":\"NEEDS_POLICY\"");
    }
}
