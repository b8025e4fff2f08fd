package dev.sluice.local.cli;

import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.config.ColumnOverride.Policy;
import dev.sluice.core.config.Engine;
import dev.sluice.core.extract.chunk.PlannedSchema;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.SchemaFingerprint;
import dev.sluice.core.types.TypeFidelityReport;
import dev.sluice.core.types.TypeMapping;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI plan's fingerprint (chunk ids) and the extraction's {@link PlannedSchema} fingerprint (drift check) are
 * the same value for the same table and policies.
 */
class TablePlanningFingerprintTest {

    private static final SourceTable ORDERS = new SourceTable(TableRef.parse("dbo.orders"), List.of(
            new SourceColumn("id", 1, "bigint", 19, 0, false),
            new SourceColumn("placed_at", 2, "datetime2", 7, 0, true),
            new SourceColumn("total", 3, "decimal", 19, 4, true),
            new SourceColumn("secret", 4, "varbinary", -1, 0, true)),
            List.of("id"), List.of(), 1000, 64_000);

    @Test
    void planAndExtractionAgreeOnTheFingerprint() {
        Map<String, ColumnOverride> overrides = Map.of(
                "PLACED_AT", new ColumnOverride(Policy.AS_STRING, "keep 100ns"),
                "secret", new ColumnOverride(Policy.EXCLUDE, "not migrated"));
        TypeFidelityReport report = TypeFidelityReport.of(Engine.SQLSERVER, ORDERS, overrides, 0);
        assertThat(report.runnable()).isTrue();

        // as ExtractChunk maps the described table (the override keyed PLACED_AT applies to column placed_at)
        List<ColumnMapping> atExtraction = TypeMapping.of(Engine.SQLSERVER).map(ORDERS, overrides);
        assertThat(atExtraction.get(1).policy()).isEqualTo(Policy.AS_STRING);

        String planned = TablePlanning.fingerprint(report);
        assertThat(planned).isEqualTo(PlannedSchema.of(atExtraction).fingerprint())
                .isEqualTo(SchemaFingerprint.of(report.mappings()))
                .matches("[0-9a-f]{64}");
        // the policy is part of it: without asString the plan would have another fingerprint
        TypeFidelityReport lossy = TypeFidelityReport.of(Engine.SQLSERVER, ORDERS, Map.of(
                "placed_at", new ColumnOverride(Policy.ACCEPT_LOSSY, "micros are enough"),
                "secret", new ColumnOverride(Policy.EXCLUDE, "not migrated")), 0);
        assertThat(TablePlanning.fingerprint(lossy)).isNotEqualTo(planned);
    }
}
