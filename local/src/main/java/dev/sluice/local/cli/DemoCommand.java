package dev.sluice.local.cli;

import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.pipeline.RunRequest;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.validate.ValidationReport;
import dev.sluice.local.demo.DemoChanges;
import dev.sluice.local.demo.DemoDatabase;
import dev.sluice.local.demo.DemoScale;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice demo}: the whole product on one machine in about a minute. A fresh embedded demo database
 * ({@code config/demo.yaml}'s source) is migrated with a backfill of every table, then a deterministic batch of
 * inserts, updates and deletes is applied at the source and an incremental run of every table follows; each run is
 * the real state machine with the real step handlers. It prints both runs' reconciliations and then compares the
 * warehouse with the source, explaining every difference (a timestamp watermark cannot see deletes).
 *
 * <p>The demo keeps its own workspace, {@code .sluice/demo} (database, lake, catalog, warehouse), replaced by the
 * next demo, so it never touches the state of {@code sluice run}. Exit 0 when every run succeeded and every
 * difference between warehouse and source is explained; 1 otherwise.
 */
@Command(name = "demo",
        description = {"Run the demo end to end: generate the embedded demo database, backfill its five tables "
                + "through the real state machine, change the source (inserts, updates, deletes), run an "
                + "incremental, and print the reconciliation of both runs and the warehouse against the source.",
                "Its workspace is .sluice/demo, replaced by each demo ('sluice demo database' manages the demo "
                        + "database that plan and run use)."},
        subcommands = DemoDatabaseCommand.class,
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class DemoCommand implements Callable<Integer> {

    /** The demo's default size: about 150,000 rows in all, so the demo takes about a minute. */
    static final long DEFAULT_ORDERS = 20_000;
    /** The demo's workspace under local mode's state directory. */
    static final String WORKSPACE = "demo";
    /** The safety lag of the demo's timestamp watermarks. */
    static final Duration DEMO_SAFETY_LAG = Duration.ofSeconds(1);
    /** The change batch applied between the two runs. */
    static final int CHANGE_BATCH = 1;

    @ParentCommand
    private SluiceCli root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--rows", paramLabel = "N",
            description = "Orders to generate; customers, products, order lines and events are proportional "
                    + "(default: ${DEFAULT-VALUE}, about 150,000 rows in all).")
    private long orders = DEFAULT_ORDERS;

    @Option(names = "--seed", paramLabel = "S", description = "The generator's seed (default: ${DEFAULT-VALUE}).")
    private long seed = DemoScale.DEFAULT_SEED;

    SluiceCli root() {
        return root;
    }

    @Override
    public Integer call() {
        DemoScale scale;
        try {
            scale = new DemoScale(orders, seed);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput(e.getMessage());
        }
        CliEnvironment outer = root.environment();
        LocalRuns.Project project = LocalRuns.Project.locate(outer);
        Path configFile = project.root().resolve("config").resolve("demo.yaml");
        String config = outer.shown(configFile);
        SluiceConfig loaded = withShortSafetyLag(ConfigFile.load(outer, configFile.toString()));
        Path workspace = outer.stateDirectory().resolve(WORKSPACE);
        CliEnvironment environment = outer.withStateDirectory(workspace);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TerminalStyle style = new TerminalStyle(outer.colour());

        out.println(style.bold("Sluice demo") + ": the embedded PostgreSQL demo (schema sales, "
                + PlanText.number(scale.orders()) + " orders, seed " + scale.seed() + ") migrated by " + config
                + " through the real state machine, twice.");
        out.println("Workspace: " + outer.shown(workspace) + " (started afresh; the next demo replaces it). Timestamp "
                + "watermarks run with a safety lag of " + DEMO_SAFETY_LAG.toSeconds() + " s instead of config's, so "
                + "the changes made in step 2 are old enough for step 3 (docs/WATERMARKS.md).");
        out.flush();
        deleteWorkspace(workspace);

        List<TableRun> backfill;
        List<TableRun> incremental;
        DemoChanges.Summary changes;
        List<TableComparison> comparisons = new ArrayList<>();
        try (SourceSessions sources = new SourceSessions(loaded, environment, Optional.of(scale), err)) {
            List<RunRequest> backfills = requests(loaded, RunRequest.Mode.BACKFILL);
            sources.source(backfills.getFirst().source());
            DemoDatabase demo = sources.demo().orElseThrow(() -> CommandFailure.badInput(config + " does not "
                    + "read the embedded demo database (jdbcUrl: embedded:demo): restore it from git"));

            out.println();
            out.println(style.bold("1. Backfill") + " of every table");
            backfill = LocalRuns.run(loaded, environment, workspace, sources, project, backfills, err,
                    root.verbose(), run -> printRun(out, style, run));

            try (Connection connection = demo.connect()) {
                changes = DemoChanges.apply(connection, demo.scale(), CHANGE_BATCH);
            } catch (SQLException e) {
                throw CommandFailure.failed("applying change batch " + CHANGE_BATCH + " to the demo database failed: "
                        + SourceFailures.oneLine(e.getMessage()), e);
            }
            out.println();
            out.println(style.bold("2. Source changes") + " (batch " + CHANGE_BATCH + "): "
                    + PlanText.number(changes.inserted().size()) + " orders inserted (with their lines and events), "
                    + PlanText.number(changes.updated().size()) + " updated (status, updated_at), "
                    + PlanText.number(changes.deleted().size()) + " deleted (with their lines)");

            out.println();
            out.println(style.bold("3. Incremental") + " of every table");
            incremental = LocalRuns.run(loaded, environment, workspace, sources, project,
                    requests(loaded, RunRequest.Mode.INCREMENTAL), err, root.verbose(),
                    run -> printRun(out, style, run));

            try (Connection source = demo.connect();
                    Connection warehouse = warehouse(workspace)) {
                for (TableRun run : incremental) {
                    comparisons.add(compare(run, backfill, source, warehouse, changes));
                }
            } catch (SQLException e) {
                throw CommandFailure.failed("comparing the warehouse with the demo database failed: "
                        + SourceFailures.oneLine(e.getMessage()), e);
            }
        }

        out.println();
        out.println(style.bold("4. Reconciliation") + " of each run: the lake's Parquet against the chunk manifests "
                + "written at extraction, and sampled keys re-read from the source");
        out.print(reconciliation(backfill, incremental).render("  ", style));
        out.println();
        out.println(style.bold("5. Warehouse against source") + " after both runs");
        TextTable targets = new TextTable("TABLE", "SOURCE ROWS", "WAREHOUSE ROWS", "DIFFERENCE").alignRight(1, 2);
        comparisons.forEach(c -> targets.styledRow(c.explained() ? null : TerminalStyle.BAD, c.table(),
                PlanText.number(c.sourceRows()), PlanText.number(c.warehouseRows()), c.explanation()));
        out.print(targets.render("  ", style));

        List<TableRun> all = Stream.concat(backfill.stream(), incremental.stream()).toList();
        boolean succeeded = all.stream().allMatch(TableRun::succeeded)
                && comparisons.stream().allMatch(TableComparison::explained);
        out.println();
        if (succeeded) {
            out.println("Every run validated and loaded; the warehouse equals the source except for what the "
                    + "watermarks cannot see.");
        } else {
            out.println(style.apply(TerminalStyle.BAD, "The demo failed:") + " see the runs above.");
        }
        out.println("A run's full report (a run id above, or latest): ./sluice report --state "
                + outer.shown(workspace) + " --config " + config + " --table sales.orders --run latest");
        out.println("Next: ./sluice plan --config " + config + ", then ./sluice run --config " + config
                + " (its state is in " + outer.shown(outer.stateDirectory()) + "); or point a config at your own "
                + "database (README).");
        out.flush();
        return succeeded ? SluiceCli.EXIT_OK : SluiceCli.EXIT_FAILED;
    }

    /**
     * {@code config} with every timestamp watermark's safety lag set to {@link #DEMO_SAFETY_LAG}: rows younger than
     * the lag wait for the next run, and the demo's incremental follows its changes within seconds. (The bound by
     * the oldest open transaction still applies, so nothing in flight is skipped.)
     */
    static SluiceConfig withShortSafetyLag(SluiceConfig config) {
        List<TableConfig> tables = config.tables().stream().map(t -> t.watermark() == null
                || t.watermark().type() != WatermarkConfig.Type.TIMESTAMP ? t
                : new TableConfig(t.source(), t.table(), t.primaryKey(), new WatermarkConfig(t.watermark().type(),
                        t.watermark().column(), t.watermark().lookback(), DEMO_SAFETY_LAG), t.splitColumn(),
                        t.chunk(), t.schedule(), t.target(), t.columns(), t.validation(), t.schemaPolicy(),
                        t.catalog())).toList();
        return new SluiceConfig(config.environment(), config.sources(), config.lake(), config.warehouse(),
                config.notifications(), tables);
    }

    private static List<RunRequest> requests(SluiceConfig config, RunRequest.Mode mode) {
        return config.tables().stream()
                .map(t -> new RunRequest(t.source(), t.table(), mode, null, null, "sluice demo"))
                .toList();
    }

    private static void printRun(PrintWriter out, TerminalStyle style, TableRun run) {
        StringBuilder line = new StringBuilder("  ").append(String.format(Locale.ROOT, "%-20s", run.table()));
        switch (run.status()) {
            case TableRun.NOTHING_NEW -> line.append(style.apply(TerminalStyle.DIM, "nothing new"));
            case TableRun.FAILED -> line.append(style.apply(TerminalStyle.BAD, "FAILED in " + run.failure().step()))
                    .append(": ").append(run.failure().message());
            default -> {
                line.append(PlanText.number(run.rows())).append(" rows in ").append(run.chunks())
                        .append(run.chunks() == 1 ? " chunk" : " chunks").append(", ")
                        .append(run.validation() != null && run.validation().passed()
                                ? style.apply(TerminalStyle.OK, "validated") : "not validated");
                if (run.load() != null) {
                    line.append(", loaded (").append(run.load().mode()).append("): ")
                            .append(PlanText.number(run.load().rowsInserted())).append(" inserted, ")
                            .append(PlanText.number(run.load().rowsUpdated())).append(" updated, ")
                            .append(PlanText.number(run.load().rowsDeleted())).append(" deleted");
                }
            }
        }
        line.append(String.format(Locale.ROOT, " (%.1f s)", run.seconds()));
        out.println(line);
        out.flush();
    }

    /** Both runs of every table: chunks, rows, checks passed, sampled keys, verdict. */
    static TextTable reconciliation(List<TableRun> backfill, List<TableRun> incremental) {
        TextTable table = new TextTable("TABLE", "RUN", "RUN ID", "CHUNKS", "ROWS", "CHECKS",
                "SAMPLED KEYS", "VERDICT").alignRight(3, 4, 6);
        for (int i = 0; i < backfill.size(); i++) {
            for (TableRun run : List.of(backfill.get(i), incremental.get(i))) {
                ValidationReport report = run.validation();
                String label = run == backfill.get(i) ? "backfill" : "incremental";
                if (report == null) {
                    boolean nothingNew = run.status().equals(TableRun.NOTHING_NEW);
                    table.styledRow(nothingNew ? TerminalStyle.DIM : TerminalStyle.BAD, run.table(), label,
                            run.runId() == null ? "-" : run.runId(), "-", "-", "-", "-",
                            nothingNew ? "nothing new" : "not validated");
                    continue;
                }
                java.util.Map<ValidationReport.Verdict, Long> verdicts = report.chunks().stream()
                        .flatMap(c -> c.checks().stream())
                        .collect(Collectors.groupingBy(ValidationReport.Check::verdict, Collectors.counting()));
                String checks = verdicts.getOrDefault(ValidationReport.Verdict.PASS, 0L) + " passed"
                        + (verdicts.containsKey(ValidationReport.Verdict.FAIL)
                        ? ", " + verdicts.get(ValidationReport.Verdict.FAIL) + " failed" : "")
                        + (verdicts.containsKey(ValidationReport.Verdict.SKIPPED)
                        ? ", " + verdicts.get(ValidationReport.Verdict.SKIPPED) + " skipped" : "");
                String sampled = report.sample() == null ? "-" : report.sample().skipped().isEmpty()
                        ? report.sample().compared() + "/" + report.sample().requested() : "skipped";
                table.styledRow(report.passed() ? null : TerminalStyle.BAD, run.table(), label, run.runId(),
                        PlanText.number(report.chunks().size()), PlanText.number(run.rows()), checks,
                        sampled, report.passed() ? "passed" : "FAILED");
            }
        }
        return table;
    }

    /**
     * How a table's warehouse rows compare with its source rows after both runs.
     *
     * @param explained whether the difference is exactly what the watermark cannot see
     */
    record TableComparison(String table, long sourceRows, long warehouseRows, boolean explained, String explanation) {
    }

    /**
     * Counts the table at the source and in the warehouse; a difference is explained only when it is exactly the
     * rows of the orders the change batch deleted, which a timestamp watermark cannot see.
     */
    static TableComparison compare(TableRun run, List<TableRun> backfill, Connection source, Connection warehouse,
                                   DemoChanges.Summary changes) throws SQLException {
        TableRef ref = TableRef.parse(run.table());
        long sourceRows = count(source, "\"" + ref.schema() + "\".\"" + ref.table() + "\"", "");
        Optional<String> target = Stream.concat(Stream.of(run), backfill.stream())
                .filter(r -> r.table().equals(run.table()) && r.load() != null).findFirst()
                .map(r -> "\"" + r.load().targetSchema() + "\".\"" + r.load().targetTable() + "\"");
        if (target.isEmpty()) {
            return new TableComparison(run.table(), sourceRows, 0, false, "never loaded");
        }
        long warehouseRows = count(warehouse, target.get(), "");
        long difference = warehouseRows - sourceRows;
        if (difference == 0) {
            return new TableComparison(run.table(), sourceRows, warehouseRows, true, "none");
        }
        if (difference > 0 && !changes.deleted().isEmpty() && hasOrderId(warehouse, target.get())) {
            long ofDeleted = count(warehouse, target.get(), " WHERE order_id IN (" + changes.deleted().stream()
                    .map(String::valueOf).collect(Collectors.joining(", ")) + ")");
            if (ofDeleted == difference) {
                return new TableComparison(run.table(), sourceRows, warehouseRows, true, "+" + difference
                        + ": rows of the " + changes.deleted().size() + (changes.deleted().size() == 1 ? " order" : " orders")
                        + " deleted at the source (a timestamp "
                        + "watermark cannot see deletes: docs/WATERMARKS.md)");
            }
        }
        return new TableComparison(run.table(), sourceRows, warehouseRows, false,
                (difference > 0 ? "+" : "") + difference + ": unexplained");
    }

    private static boolean hasOrderId(Connection warehouse, String target) throws SQLException {
        try (ResultSet columns = warehouse.createStatement().executeQuery("SELECT * FROM " + target + " LIMIT 0")) {
            for (int i = 1; i <= columns.getMetaData().getColumnCount(); i++) {
                if (columns.getMetaData().getColumnName(i).equalsIgnoreCase("order_id")) {
                    return true;
                }
            }
            return false;
        }
    }

    private static long count(Connection connection, String table, String where) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM " + table + where);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection warehouse(Path workspace) throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + workspace.resolve("warehouse.duckdb"), readOnly);
    }

    /** Removes the previous demo's workspace; refuses any directory that is not the demo's. */
    private static void deleteWorkspace(Path workspace) {
        if (!workspace.getFileName().toString().equals(WORKSPACE) || !Files.isDirectory(workspace)) {
            return;
        }
        try (Stream<Path> files = Files.walk(workspace)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the previous demo's workspace " + workspace
                    + ": stop other sluice commands using it, or delete it yourself", e);
        }
    }
}
