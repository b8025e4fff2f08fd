package dev.sluice.local.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.load.LoadReport;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.state.LedgerEntry;
import dev.sluice.core.validate.ValidationReport;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice report}: the reconciliation report of one run ({@code validation.json}) and, when the run loaded,
 * what the load did ({@code load.json}), read from the run's directory in the local lake
 * ({@code _sluice/runs/<source>/<schema>.<table>/<runId>/}). A run the lake does not know is bad input (exit 2)
 * naming the newest runs of the table. The exit code is 0 whenever the report was printed, whether the run passed
 * or not: {@code passed} in the text and JSON says which.
 */
@Command(name = "report",
        description = {"Print the reconciliation report of one run (and its load summary) from the local lake "
                + "(.sluice/lake). Run ids are listed by 'sluice status'."},
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class ReportCommand implements Callable<Integer> {

    /** The {@code --run} value naming the selected table's newest run. */
    static final String LATEST = "latest";

    /** How many of a table's newest runs an unknown run id's message lists. */
    static final int NEWEST_LISTED = 5;

    @ParentCommand
    private SluiceCli root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The migration config, e.g. config/demo.yaml.")
    private String config;

    @Option(names = "--run", required = true, paramLabel = "RUN_ID",
            description = "The run whose report to print (see 'sluice status'), or latest: the table's newest run.")
    private String runId;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE",
            description = "The run's table; default: whichever table of the config has that run.")
    private String table;

    @Option(names = "--json", description = "Print one JSON document on stdout instead of text.")
    private boolean json;

    @Override
    public Integer call() {
        CliEnvironment environment = root.environment();
        SluiceConfig loaded = ConfigFile.load(environment, config);
        List<Integer> selected = ConfigFile.select(loaded, config, table == null ? List.of() : List.of(table));
        LocalLake lake = new LocalLake(environment, loaded);
        LakeLayout layout = lake.layout();
        ObjectStore store = lake.store();
        if (LATEST.equalsIgnoreCase(runId)) {
            runId = latest(lake, loaded, selected);
        }
        try {
            layout.runPrefix("probe", TableRef.parse("probe.probe"), runId);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput("--run " + runId + " is not a run id: " + e.getMessage()
                    .replaceFirst("^'[^']*' is not a valid run id for a lake key: ", "") + " (see 'sluice status')");
        }

        List<TableConfig> withRun = new ArrayList<>();
        for (int index : selected) {
            TableConfig t = loaded.tables().get(index);
            String prefix = layout.runPrefix(t.source(), TableRef.parse(t.table()), runId);
            if (!store.list(prefix, null, 1).objects().isEmpty()) {
                withRun.add(t);
            }
        }
        if (withRun.isEmpty()) {
            throw unknownRun(lake, loaded, selected);
        }
        if (withRun.size() > 1) {
            throw CommandFailure.badInput("run " + runId + " exists for several tables ("
                    + withRun.stream().map(TableConfig::table).collect(Collectors.joining(", "))
                    + "): pass --table to choose one");
        }
        TableConfig found = withRun.getFirst();
        TableRef ref = TableRef.parse(found.table());
        String validationKey = layout.validationReport(found.source(), ref, runId);
        String loadKey = layout.loadReport(found.source(), ref, runId);
        ValidationReport validation;
        Optional<LoadReport> load;
        try {
            validation = store.get(validationKey).map(object -> ValidationReport.fromJson(
                    new String(object.bytes(), StandardCharsets.UTF_8))).orElseThrow(() -> CommandFailure.badInput(
                    "run " + runId + " of " + found.table() + " has no validation report (" + lake.where() + "/"
                            + validationKey + "): the run stopped before validation; 'sluice status --config "
                            + config + " --table " + found.table() + "' shows how it ended"));
            load = store.get(loadKey).map(object -> LakeJson.read(loadKey, object.bytes(), LoadReport.class));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw LocalLake.unreadable(found.table(), e);
        }

        Document document = new Document(found.table(), found.source(), runId, validation.passed(), validation,
                load.orElse(null));
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? StatusCommand.toJson(document) + "\n" : text(document));
        out.flush();
        return SluiceCli.EXIT_OK;
    }

    /** The newest run in the ledger of the one selected table. */
    private String latest(LocalLake lake, SluiceConfig loaded, List<Integer> selected) {
        if (selected.size() != 1) {
            throw CommandFailure.badInput("--run latest needs --table: which table's newest run? One of "
                    + selected.stream().map(i -> loaded.tables().get(i).table()).collect(Collectors.joining(", ")));
        }
        TableConfig t = loaded.tables().get(selected.getFirst());
        List<LedgerEntry> runs;
        try {
            runs = lake.runsNewestFirst(t);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw LocalLake.unreadable(t.table(), e);
        }
        if (runs.isEmpty()) {
            throw CommandFailure.badInput("--run latest: " + t.table() + " has no runs in the local lake "
                    + lake.where() + " yet: run it first (sluice run --config " + config + " --table " + t.table()
                    + ")");
        }
        return runs.getFirst().runId();
    }

    /** Run unknown to every selected table: name it and list the newest runs the lake does know. */
    private CommandFailure unknownRun(LocalLake lake, SluiceConfig loaded, List<Integer> selected) {
        StringBuilder message = new StringBuilder("run " + runId + " is not in the local lake " + lake.where()
                + " for " + (selected.size() == 1 ? loaded.tables().get(selected.getFirst()).table()
                : "any table of " + config));
        List<String> known = new ArrayList<>();
        for (int index : selected) {
            TableConfig t = loaded.tables().get(index);
            List<LedgerEntry> runs;
            try {
                runs = lake.runsNewestFirst(t);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw LocalLake.unreadable(t.table(), e);
            }
            Set<String> newest = new LinkedHashSet<>();
            runs.stream().map(LedgerEntry::runId).forEach(newest::add);
            if (!newest.isEmpty()) {
                known.add(t.table() + ": " + newest.stream().limit(NEWEST_LISTED).collect(Collectors.joining(", ")));
            }
        }
        if (known.isEmpty()) {
            message.append(": ").append(StatusCommand.NO_RUNS_YET);
        } else {
            message.append(". Newest runs: ").append(String.join("; ", known))
                    .append(" (all of them: 'sluice status --config ").append(config).append("')");
        }
        return CommandFailure.badInput(message.toString());
    }

    /** {@code sluice report --json}: the run, its verdict, the validation report and the load report (or null). */
    @JsonPropertyOrder({"table", "source", "runId", "passed", "validation", "load"})
    record Document(String table, String source, String runId, boolean passed, ValidationReport validation,
                    LoadReport load) {
    }

    static String text(Document d) {
        StringBuilder out = new StringBuilder(d.validation().renderText());
        List<String> failures = d.validation().failures();
        if (!failures.isEmpty()) {
            out.append('\n').append(failures.size()).append(failures.size() == 1 ? " check failed" : " checks failed")
                    .append(":\n");
            failures.forEach(f -> out.append("  ").append(f).append('\n'));
        }
        out.append('\n');
        LoadReport load = d.load();
        if (load == null) {
            out.append("Load: none recorded for this run (no load.json: the run did not reach the load step)\n");
        } else {
            out.append("Load into ").append(load.targetSchema()).append('.').append(load.targetTable()).append(" (")
                    .append(load.mode()).append(") at ").append(load.loadedAt()).append(": ")
                    .append(PlanText.number(load.rowsStaged())).append(" staged, ")
                    .append(PlanText.number(load.rowsInserted())).append(" inserted, ")
                    .append(PlanText.number(load.rowsUpdated())).append(" updated, ")
                    .append(PlanText.number(load.rowsDeleted())).append(" deleted\n");
        }
        return out.toString();
    }
}
