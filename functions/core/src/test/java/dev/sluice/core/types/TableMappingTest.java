package dev.sluice.core.types;

import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.config.ColumnOverride.Policy;
import dev.sluice.core.config.Engine;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The table-level mapping the plan, the fidelity report and extraction share, and its override lookup. */
class TableMappingTest {

    private static final SourceTable EVENTS = new SourceTable(new TableRef("dbo", "Events"), List.of(
            new SourceColumn("id", 1, "bigint", 19, 0, false),
            new SourceColumn("Happened", 2, "datetime2", 7, 0, true),
            new SourceColumn("node", 3, "hierarchyid", 0, 0, true)),
            List.of("id"), List.of(), 10, 1000);

    @Test
    void overridesApplyByExactNameThenIgnoringCase() {
        List<ColumnMapping> mapped = TypeMapping.of(Engine.SQLSERVER).map(EVENTS, Map.of(
                "happened", new ColumnOverride(Policy.ACCEPT_LOSSY, "micros are enough"),
                "NODE", new ColumnOverride(Policy.AS_STRING, "path text")));

        assertThat(mapped).extracting(m -> m.source().name()).containsExactly("id", "Happened", "node");
        assertThat(mapped).extracting(ColumnMapping::policy)
                .containsExactly(null, Policy.ACCEPT_LOSSY, Policy.AS_STRING);
    }

    @Test
    void anExactKeyWinsOverOneDifferingInCase() {
        Map<String, ColumnOverride> overrides = Map.of(
                "Happened", new ColumnOverride(Policy.AS_STRING, "exact"),
                "HAPPENED", new ColumnOverride(Policy.EXCLUDE, "case only"));

        assertThat(TypeMapping.overrideKey(overrides, "Happened")).isEqualTo("Happened");
        assertThat(TypeMapping.overrideKey(overrides, "missing")).isNull();
        assertThat(TypeMapping.of(Engine.SQLSERVER).map(EVENTS, overrides).get(1).policy())
                .isEqualTo(Policy.AS_STRING);
    }

    @Test
    void theReportMapsTheTableExactlyAsTheSharedMapping() {
        Map<String, ColumnOverride> overrides = Map.of("HAPPENED", new ColumnOverride(Policy.ACCEPT_LOSSY, "ok"),
                "node", new ColumnOverride(Policy.EXCLUDE, "not migrated"));
        TypeFidelityReport report = TypeFidelityReport.of(Engine.SQLSERVER, EVENTS, overrides, 0);

        assertThat(report.mappings()).isEqualTo(TypeMapping.of(Engine.SQLSERVER).map(EVENTS, overrides));
        assertThat(SchemaFingerprint.of(report.mappings()))
                .isNotEqualTo(SchemaFingerprint.of(TypeMapping.of(Engine.SQLSERVER).map(EVENTS, Map.of())));
    }
}
