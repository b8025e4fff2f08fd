package dev.sluice.local.cli;

import dev.sluice.core.config.ConfigProblem;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.types.TypeFidelityReport;
import java.util.List;

/**
 * Everything {@code sluice plan} learned about one configured table: the table as the source describes it, the
 * type-fidelity report under config's column policies, config warnings found against the source, and the chunk
 * plan of the next run (whose window is the watermark window).
 *
 * @param index          the table's position in config's {@code tables}
 * @param sourceName     the config source it is read from
 * @param sourceLocation where that source is, for people (no credentials)
 */
record TablePlan(
        int index,
        TableConfig table,
        String sourceName,
        String sourceLocation,
        SourceTable described,
        TypeFidelityReport typeFidelity,
        List<ConfigProblem> configWarnings,
        ChunkPlan chunkPlan) {

    TablePlan {
        configWarnings = List.copyOf(configWarnings);
    }

    boolean runnable() {
        return typeFidelity.runnable();
    }
}
