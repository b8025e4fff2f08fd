package dev.sluice.local.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.pipeline.RunRequest;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.types.TypeFidelityReport;
import dev.sluice.local.demo.DemoScale;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice run}: the full pipeline for each selected table, one state machine execution after the other, on this
 * machine: the real {@code statemachines/migrate-table.asl.json} run by the local runner, every step the real Lambda
 * handler, against the configured source (the embedded demo or any JDBC URL) and local mode's lake, catalog,
 * validation engine and warehouse under {@code .sluice/}.
 *
 * <p>Before anything is started every table is checked against its source (reachable, login accepted, table and
 * configured columns present, types runnable under config's policies, window bounds typed like the watermark
 * column): a problem there is bad input (exit 2) and nothing is written. A run that fails after that is exit 1,
 * with its step, failure class, message and the safe action; the other tables still run.
 */
@Command(name = "run",
        description = {"Run the pipeline (plan, extract, seal, catalogue, validate, load, commit) for each configured "
                + "table through the real state machine on this machine. Local state (lake, catalog, warehouse) is "
                + "kept in .sluice/.",
                "A live progress line on a terminal, log lines otherwise (both on stderr); the result on stdout."},
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class RunCommand implements Callable<Integer> {

    /** How {@code --mode} chooses the window (the state machine's {@link RunRequest.Mode}s, minus explicit ones). */
    enum Mode {
        auto, backfill, incremental
    }

    @ParentCommand
    private SluiceCli root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The migration config, e.g. config/demo.yaml.")
    private String config;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE",
            description = "Run only this table (repeatable); default: every table of the config, in config order.")
    private List<String> tables = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE",
            description = "auto (default: a backfill when nothing is committed, else the next incremental window), "
                    + "backfill (everything up to the source's current high) or incremental (refused when nothing is "
                    + "committed).")
    private Mode mode;

    @Option(names = "--from", paramLabel = "BOUND",
            description = "With --to: run exactly the window (FROM, TO] of the watermark column (e.g. --from "
                    + "2026-01-01 --to 2026-02-01); such a rerun never moves the watermark. One table only.")
    private String from;

    @Option(names = "--to", paramLabel = "BOUND", description = "The window's inclusive high bound (see --from).")
    private String to;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why this run was started (kept in the ledger).")
    private String reason;

    @Option(names = "--rows", paramLabel = "N",
            description = "Orders in the embedded demo dataset (as for plan); default: keep the loaded dataset.")
    private Long demoOrders;

    @Option(names = "--json", description = "Print one JSON document on stdout instead of text.")
    private boolean json;

    @Override
    public Integer call() {
        CliEnvironment environment = root.environment();
        if ((from == null) != (to == null)) {
            throw CommandFailure.badInput((from == null ? "--to" : "--from") + " needs "
                    + (from == null ? "--from" : "--to") + ": a window is (FROM, TO], e.g. --from 2026-01-01 --to "
                    + "2026-02-01");
        }
        if (from != null && mode != null) {
            throw CommandFailure.badInput("--mode " + mode + " and --from/--to exclude each other: --from/--to run "
                    + "exactly that window (and never move the watermark); drop one of them");
        }
        SluiceConfig loaded = ConfigFile.load(environment, config);
        List<Integer> selected = ConfigFile.select(loaded, config, tables);
        if (from != null && selected.size() != 1) {
            throw CommandFailure.badInput("--from/--to bound one table's watermark column: pass --table with one of "
                    + selected.stream().map(i -> loaded.tables().get(i).table()).collect(Collectors.joining(", ")));
        }
        Optional<DemoScale> demoScale = PlanCommand.demoScale(demoOrders);
        LocalRuns.Project project = LocalRuns.Project.locate(environment);

        PrintWriter err = spec.commandLine().getErr();
        List<TableRun> runs;
        try (SourceSessions sources = new SourceSessions(loaded, environment, demoScale, err)) {
            LocalWatermarks watermarks = new LocalWatermarks(environment, loaded);
            List<RunRequest> requests = new ArrayList<>();
            for (int index : selected) {
                requests.add(check(loaded, index, sources, watermarks));
            }
            PrintWriter out = spec.commandLine().getOut();
            TerminalStyle style = new TerminalStyle(environment.colour());
            runs = LocalRuns.run(loaded, environment, environment.stateDirectory(), sources, project, requests, err,
                    root.verbose(), run -> {
                        if (!json) {
                            out.print(LocalRuns.text(run, config, style));
                            out.flush();
                        }
                    });
            if (json) {
                out.println(StatusCommand.toJson(new Document(config, loaded.environment().name(),
                        runs.stream().allMatch(TableRun::succeeded), runs)));
                out.flush();
            }
        }
        List<TableRun> failed = runs.stream().filter(run -> !run.succeeded()).toList();
        if (!failed.isEmpty()) {
            err.println("sluice: " + failed.size() + " of " + runs.size() + (runs.size() == 1 ? " run" : " runs")
                    + " failed: " + failed.stream().map(run -> run.table() + " in " + run.failure().step())
                    .collect(Collectors.joining(", ")) + " (see above; sluice report --config " + config
                    + " --run RUN_ID prints a run's reconciliation)");
            err.flush();
            return SluiceCli.EXIT_FAILED;
        }
        return SluiceCli.EXIT_OK;
    }

    /**
     * Checks table {@code index} against its source before anything runs and returns its run request: the source
     * answers, the table and its configured columns exist, its types are runnable, the bounds fit.
     */
    private RunRequest check(SluiceConfig loaded, int index, SourceSessions sources, LocalWatermarks watermarks) {
        TableConfig table = loaded.tables().get(index);
        Path configFile = Path.of(config);
        SourceSessions.OpenSource source = sources.source(table.source());
        TableRef ref = TableRef.parse(table.table());
        SourceTable described = TablePlanning.describe(configFile, index, table, source).table();
        TypeFidelityReport types = TypeFidelityReport.of(source.config().engine(), described, table.columns(), index);
        if (!types.runnable()) {
            throw CommandFailure.badInput(types.blocking().stream().map(TypeFidelityReport.Blocking::message)
                    .collect(Collectors.joining("\n")));
        }
        if (mode == Mode.incremental && watermarks.read(table.source(), ref).isEmpty()) {
            throw CommandFailure.badInput("--mode incremental: " + table.table() + " has no committed watermark yet "
                    + "(nothing was loaded): run a backfill first (--mode backfill, or the default --mode auto)");
        }
        if (from == null) {
            RunRequest.Mode requested = switch (mode == null ? Mode.auto : mode) {
                case auto -> RunRequest.Mode.AUTO;
                case backfill -> RunRequest.Mode.BACKFILL;
                case incremental -> RunRequest.Mode.INCREMENTAL;
            };
            return new RunRequest(table.source(), table.table(), requested, null, null, reason);
        }
        WatermarkConfig watermark = table.watermark();
        SourceColumn column = watermark.column() == null ? null
                : described.column(watermark.column()).orElse(null);
        if (column == null) {
            throw CommandFailure.badInput("--from/--to: table " + table.table() + " has a "
                    + watermark.type().name().toLowerCase(Locale.ROOT) + " watermark without a column, so it has no "
                    + "ordered bounds to run a window between: drop --from/--to (--mode backfill reads it all)");
        }
        KeyValue low = WindowBounds.parse("--from", from, table.table(), watermark, column);
        KeyValue high = WindowBounds.parse("--to", to, table.table(), watermark, column);
        if (low.compareTo(high) >= 0) {
            throw CommandFailure.badInput("--from " + from + " --to " + to + ": the window (FROM, TO] is empty: FROM "
                    + "must be before TO");
        }
        return new RunRequest(table.source(), table.table(), RunRequest.Mode.WINDOW, low, high, reason);
    }

    /** {@code sluice run --json}: the config, whether every run succeeded, and each table's run. */
    @JsonPropertyOrder({"config", "environment", "succeeded", "runs"})
    record Document(String config, String environment, boolean succeeded, List<TableRun> runs) {
    }
}
