package dev.sluice.local.cli;

import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.pipeline.RunRequest;
import dev.sluice.core.validate.ValidationReport;
import dev.sluice.local.run.LocalMigration;
import dev.sluice.local.runner.ExecutionResult;
import dev.sluice.local.runner.NodeRuntime;
import dev.sluice.local.runner.StateMachineRunnerException;
import dev.sluice.local.stand.LocalPipeline;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Table runs of local mode as the CLI starts them ({@code sluice run}, {@code sluice demo}): one execution of the
 * real state machine per request, in order, with live progress, each ending as a {@link TableRun}; and how a run
 * reads as text.
 */
final class LocalRuns {

    private LocalRuns() {
    }

    /**
     * Where the CLI finds what a run needs besides its jar: the state machine definition and the Node.js runtime
     * with the project's {@code node_modules}. The project root is {@code SLUICE_HOME} (the launcher sets it), else
     * the nearest directory at or above the working directory holding {@code statemachines/migrate-table.asl.json}.
     */
    record Project(Path root, Path definition, NodeRuntime node) {

        static Project locate(CliEnvironment environment) {
            Path root = environment.variable("SLUICE_HOME").filter(home -> !home.isBlank()).map(Path::of)
                    .orElseGet(() -> search(environment.workingDirectory()));
            Path definition = root.resolve(LocalMigration.STATE_MACHINE);
            if (!Files.isRegularFile(definition)) {
                throw CommandFailure.badInput("the state machine " + definition + " is missing: run sluice from the "
                        + "Sluice repository (./sluice sets SLUICE_HOME), or set SLUICE_HOME to the repository root");
            }
            try {
                return new Project(root, definition, NodeRuntime.locate(root));
            } catch (StateMachineRunnerException e) {
                throw CommandFailure.badInput(e.getMessage(), e);
            }
        }

        private static Path search(Path start) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve(LocalMigration.STATE_MACHINE))) {
                    return dir;
                }
            }
            throw CommandFailure.badInput("no statemachines/migrate-table.asl.json at or above " + start + ": run "
                    + "sluice from the Sluice repository (./sluice sets SLUICE_HOME), or set SLUICE_HOME to its root");
        }
    }

    /**
     * Runs {@code requests} one after the other on local mode's pipeline over {@code stateDirectory}, reporting each
     * outcome to {@code finished} as it ends.
     *
     * @param sources the command's open sources (the caller closes them)
     * @param err     progress and the runner's diagnostics (the latter only when {@code verbose})
     */
    static List<TableRun> run(SluiceConfig config, CliEnvironment environment, Path stateDirectory,
                              SourceSessions sources, Project project, List<RunRequest> requests, PrintWriter err,
                              boolean verbose, Consumer<TableRun> finished) {
        List<TableRun> runs = new ArrayList<>();
        try (LocalPipeline pipeline = LocalPipeline.openIn(config, stateDirectory, sources, Clock.systemUTC());
                RunProgress progress = verbose ? new RunProgress(err, environment.stdoutIsTerminal(),
                        pipeline.context().lake(), System::nanoTime).withTimings()
                        : new RunProgress(err, environment.stdoutIsTerminal(), pipeline.context().lake(),
                        System::nanoTime);
                LocalMigration migration = new LocalMigration(pipeline, project.definition(), progress.observer(),
                        pipeline.context().settings().inlineChunkLimit(), project.node(),
                        line -> runnerLog(err, verbose, line))) {
            for (RunRequest request : requests) {
                progress.tableStarted(request.table(), request.mode().name().toLowerCase(java.util.Locale.ROOT));
                long started = System.nanoTime();
                ExecutionResult result;
                try {
                    result = migration.run(request);
                } catch (StateMachineRunnerException e) {
                    throw CommandFailure.failed("the local state machine runner failed on " + request.table() + ": "
                            + SourceFailures.oneLine(e.getMessage()), e);
                } finally {
                    progress.tableFinished();
                }
                TableRun run = TableRun.of(request, result, (System.nanoTime() - started) / 1e9,
                        pipeline.context().lake(), pipeline.context().layout());
                runs.add(run);
                finished.accept(run);
            }
        }
        return runs;
    }

    private static void runnerLog(PrintWriter err, boolean verbose, String line) {
        if (verbose) {
            synchronized (err) {
                err.println("sluice: runner: " + line);
                err.flush();
            }
        }
    }

    /** One run as the text the CLI prints when it ends. */
    static String text(TableRun run, String config, TerminalStyle style) {
        StringBuilder out = new StringBuilder();
        String verdict = switch (run.status()) {
            case TableRun.SUCCEEDED -> style.apply(TerminalStyle.OK, "succeeded");
            case TableRun.NOTHING_NEW -> style.apply(TerminalStyle.DIM, "nothing new");
            default -> style.apply(TerminalStyle.BAD, "FAILED in " + run.failure().step());
        };
        out.append(style.bold(run.table())).append("  ").append(verdict).append("  (").append(run.mode())
                .append(run.runId() == null ? "" : ", run " + run.runId()).append(", ")
                .append(String.format(java.util.Locale.ROOT, "%.1f s", run.seconds())).append(")\n");
        if (run.status().equals(TableRun.NOTHING_NEW)) {
            out.append("  nothing changed since the committed watermark ").append(run.watermarkHigh()).append('\n');
            return out.toString();
        }
        if (run.chunks() > 0) {
            out.append("  extracted ").append(PlanText.number(run.rows())).append(" rows in ")
                    .append(PlanText.number(run.chunks())).append(run.chunks() == 1 ? " chunk" : " chunks")
                    .append(", ").append(PlanText.bytes(run.bytes())).append(" of Parquet\n");
        }
        ValidationReport validation = run.validation();
        if (validation != null) {
            out.append("  validation ").append(validation.passed() ? style.apply(TerminalStyle.OK, "passed")
                    : style.apply(TerminalStyle.BAD, "FAILED")).append(": ")
                    .append(validation.chunks().size()).append(validation.chunks().size() == 1 ? " chunk" : " chunks")
                    .append(" reconciled against their manifests");
            if (validation.sample() != null) {
                ValidationReport.SampleCheck sample = validation.sample();
                out.append(sample.skipped().isEmpty()
                        ? ", " + sample.compared() + " sampled keys compared with the source"
                        : ", source sample skipped (" + sample.skipped() + ")");
            }
            out.append('\n');
        }
        if (run.load() != null) {
            out.append("  loaded into ").append(run.load().targetSchema()).append('.').append(run.load().targetTable())
                    .append(" (").append(run.load().mode()).append("): ")
                    .append(PlanText.number(run.load().rowsInserted())).append(" inserted, ")
                    .append(PlanText.number(run.load().rowsUpdated())).append(" updated, ")
                    .append(PlanText.number(run.load().rowsDeleted())).append(" deleted\n");
        }
        if (run.succeeded()) {
            out.append("  watermark ").append(run.watermarkMoved() ? "moved to " : "stays at ")
                    .append(run.watermarkHigh()).append('\n');
        } else {
            TableRun.Failure failure = run.failure();
            out.append("  ").append(failure.failureClass() == null ? failure.errorType() : failure.failureClass())
                    .append(": ").append(failure.message()).append('\n')
                    .append("  what to do: ").append(failure.safeAction()).append('\n')
                    .append("  runbook: ").append(failure.runbook()).append('\n');
            if (run.runId() != null && validation != null) {
                out.append("  report: sluice report --config ").append(config).append(" --run ").append(run.runId())
                        .append('\n');
            }
            out.append("  the watermark did not move").append(run.watermark() == null ? ""
                    : " (still " + run.watermarkHigh() + ")").append('\n');
        }
        return out.toString();
    }

    /** Every run as text, in order. */
    static String text(List<TableRun> runs, String config, TerminalStyle style) {
        StringBuilder out = new StringBuilder();
        runs.forEach(run -> out.append(text(run, config, style)));
        return out.toString();
    }
}
