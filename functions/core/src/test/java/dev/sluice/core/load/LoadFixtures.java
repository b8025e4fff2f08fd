package dev.sluice.core.load;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.TargetConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.TypeMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A small orders table (id, name, amount, updated_at) and load plans for it in each mode. */
final class LoadFixtures {

    static final String RUN_1 = "r20261120-aaaaaaaaaaaa";
    static final String RUN_2 = "r20261121-bbbbbbbbbbbb";
    static final String RUN_3 = "r20261122-cccccccccccc";

    private LoadFixtures() {
    }

    static List<ColumnMapping> columns() {
        TypeMapping mapping = TypeMapping.of(Engine.POSTGRESQL);
        return List.of(
                mapping.map(new SourceColumn("id", 1, "int4", 10, 0, false), null),
                mapping.map(new SourceColumn("name", 2, "varchar", 100, 0, true), null),
                mapping.map(new SourceColumn("amount", 3, "numeric", 12, 2, true), null),
                mapping.map(new SourceColumn("updated_at", 4, "timestamp", 26, 6, true), null));
    }

    /** A timestamp-watermarked table (no op column in its files). */
    static TableConfig timestampTable(TargetConfig.Mode mode) {
        return new TableConfig("erp", "sales.orders", List.of("id"),
                new WatermarkConfig(WatermarkConfig.Type.TIMESTAMP, "updated_at", Duration.ofMinutes(5),
                        Duration.ofSeconds(30)), null, null, null,
                new TargetConfig("analytics", "orders", mode, null, List.of()), null, null, SchemaPolicy.EVOLVE, null);
    }

    /** A Change Tracking table: its files carry {@code _sluice_op}, so deletes reach the target. */
    static TableConfig table(TargetConfig.Mode mode, String distKey, List<String> sortKeys, SchemaPolicy policy) {
        return new TableConfig("erp", "sales.orders", List.of("id"),
                new WatermarkConfig(WatermarkConfig.Type.CHANGE_TRACKING, null, null, null),
                null, null, null, new TargetConfig("analytics", "orders", mode, distKey, sortKeys), null, null,
                policy, null);
    }

    static LoadPlan plan(TargetConfig.Mode mode, String runId, LoadSource source, long rows) {
        return new LoadPlan(table(mode, null, List.of(), SchemaPolicy.EVOLVE), columns(), runId, source, "sluice",
                rows, Optional.empty());
    }
}
