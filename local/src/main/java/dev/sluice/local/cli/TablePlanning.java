package dev.sluice.local.cli;

import dev.sluice.core.config.ConfigProblem;
import dev.sluice.core.config.ConfigValidator;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.plan.ChunkPlanner;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceException;
import dev.sluice.core.source.SourceReadings;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.types.SchemaFingerprint;
import dev.sluice.core.types.TypeFidelityReport;
import dev.sluice.core.watermark.Watermark;
import dev.sluice.core.watermark.WatermarkException;
import dev.sluice.core.watermark.WatermarkWindow;
import dev.sluice.core.watermark.WatermarkWindows;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The plan of one configured table, read from its source without scanning it: describe the table, check config
 * against it, map its types, read the watermark readings, compute the next window and cut it into chunks. Every
 * step is a core use case; this class only sequences them and turns their failures into CLI failures.
 */
final class TablePlanning {

    private TablePlanning() {
    }

    /**
     * @param committed the table's committed watermark (local mode's lake), empty before its first run
     */
    static TablePlan plan(Path configFile, int index, TableConfig table, SourceSessions.OpenSource source,
                          Optional<Watermark> committed) {
        TableRef ref = TableRef.parse(table.table());
        Described checked = describe(configFile, index, table, source);
        SourceTable described = checked.table();
        List<ConfigProblem> warnings = checked.warnings();

        TableConfig resolved = table.resolve(described);
        TypeFidelityReport report = TypeFidelityReport.of(source.config().engine(), described, table.columns(),
                index);

        WatermarkConfig watermark = table.watermark();
        SourceColumn column = watermark.column() == null ? null : described.column(watermark.column()).orElse(null);
        WatermarkWindow window;
        try {
            SourceReadings readings = source.jdbc().read(ref, watermark.type(), column);
            window = WatermarkWindows.next(table.table(), watermark, column, committed, readings);
        } catch (SourceException e) {
            throw sourceFailure(configFile, index, e);
        } catch (WatermarkException e) {
            throw CommandFailure.badInput(configFile + ": tables[" + index + "].watermark: " + e.getMessage(), e);
        }

        IsolationLevel isolation = source.config().isolation();
        ChunkPlan chunkPlan;
        try {
            chunkPlan = new ChunkPlanner(source.jdbc()).plan(resolved, described, window, fingerprint(report),
                    isolation);
        } catch (SourceException e) {
            throw sourceFailure(configFile, index, e);
        }
        return new TablePlan(index, table, source.config().name(), source.location(), described, report, warnings,
                chunkPlan);
    }

    /** A table as its source describes it, with what config should tidy but does not stop it. */
    record Described(SourceTable table, List<ConfigProblem> warnings) {
    }

    /**
     * Table {@code index} as its source describes it, after config was checked against it: a source that cannot
     * describe it, or config naming what the table lacks, is a CLI failure naming the config path.
     */
    static Described describe(Path configFile, int index, TableConfig table, SourceSessions.OpenSource source) {
        SourceTable described;
        try {
            described = source.jdbc().describe(TableRef.parse(table.table()));
        } catch (SourceException e) {
            throw sourceFailure(configFile, index, e);
        }
        List<ConfigProblem> problems = ConfigValidator.checkAgainstSource(configFile, index, table, described);
        List<ConfigProblem> errors = problems.stream().filter(ConfigProblem::isError).toList();
        if (!errors.isEmpty()) {
            throw CommandFailure.badInput(errors.stream().map(ConfigProblem::describe)
                    .collect(Collectors.joining("\n")));
        }
        return new Described(described, problems.stream().filter(p -> !p.isError()).toList());
    }

    private static CommandFailure sourceFailure(Path configFile, int index, SourceException e) {
        String message = configFile + ": tables[" + index + "]: " + SourceFailures.oneLine(e.getMessage());
        return e.transientFailure() ? CommandFailure.failed(message + " (transient: retry)", e)
                : CommandFailure.badInput(message, e);
    }

    /**
     * The schema fingerprint chunk ids are derived from: {@link SchemaFingerprint#of} over the report's mappings,
     * the same definition ExtractChunk checks a chunk's {@code PlannedSchema} against.
     */
    static String fingerprint(TypeFidelityReport report) {
        return SchemaFingerprint.of(report.mappings());
    }
}
