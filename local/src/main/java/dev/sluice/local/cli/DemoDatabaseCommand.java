package dev.sluice.local.cli;

import dev.sluice.local.demo.DemoChanges;
import dev.sluice.local.demo.DemoDatabase;
import dev.sluice.local.demo.DemoDataset;
import dev.sluice.local.demo.DemoScale;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice demo database}: the embedded demo database that {@code plan} and {@code run} use with
 * {@code config/demo.yaml} ({@code .sluice/demo-pg}), on its own: (re)generate it at a size and seed, show its
 * tables, print its content digest (equal digests mean identical rows), and apply change batches for incremental
 * runs.
 */
@Command(name = "database",
        description = {"Generate or inspect the embedded demo database in .sluice/demo-pg (schema sales), and apply "
                + "deterministic change batches (inserts, updates bumping updated_at, deletes) to it."},
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class DemoDatabaseCommand implements Callable<Integer> {

    @ParentCommand
    private DemoCommand demo;

    @Spec
    private CommandSpec spec;

    @Option(names = "--rows", paramLabel = "N",
            description = "Orders to generate (other tables are proportional). Default: keep the loaded dataset, or "
                    + "generate " + DemoScale.DEFAULT_ORDERS + " orders when there is none.")
    private Long orders;

    @Option(names = "--seed", paramLabel = "S", description = "The generator's seed (default: ${DEFAULT-VALUE}).")
    private long seed = DemoScale.DEFAULT_SEED;

    @Option(names = "--changes", paramLabel = "BATCH",
            description = "Apply change batch BATCH (1, 2, ...; repeatable, applied in the order given).")
    private List<Integer> batches = new ArrayList<>();

    @Option(names = "--regenerate",
            description = "Generate the dataset afresh even when one of the same size and seed is loaded (drops "
                    + "applied change batches).")
    private boolean regenerate;

    @Option(names = "--digest", description = "Print the digest of the rows (takes a few seconds at full size).")
    private boolean digest;

    @Override
    public Integer call() {
        CliEnvironment environment = demo.root().environment();
        PrintWriter out = spec.commandLine().getOut();
        Path directory = environment.stateDirectory().resolve("demo-pg");
        String shown = environment.shown(directory);
        DemoScale wanted;
        try {
            wanted = new DemoScale(orders == null ? DemoScale.DEFAULT_ORDERS : orders, seed);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput(e.getMessage());
        }
        for (int batch : batches) {
            if (batch < 1) {
                throw CommandFailure.badInput("--changes " + batch + ": change batches are numbered from 1");
            }
        }
        boolean exact = orders != null || spec.commandLine().getParseResult().hasMatchedOption("--seed");
        try (DemoDatabase demo = exact ? DemoDatabase.open(directory, wanted)
                : DemoDatabase.openExisting(directory, wanted);
                Connection connection = demo.connect()) {
            Optional<DemoDataset.LoadReport> load = demo.load();
            if (regenerate && load.isEmpty()) {
                load = Optional.of(DemoDataset.load(connection, demo.scale()));
            }
            out.printf("Demo database in %s: %s orders, seed %d (%s)%n", shown, PlanText.number(demo.scale().orders()),
                    demo.scale().seed(), load.map(l -> String.format(java.util.Locale.ROOT,
                            "generated now: %s rows in %.1f s", PlanText.number(l.totalRows()), l.millis() / 1000.0))
                            .orElse("already generated"));
            for (int batch : batches) {
                DemoChanges.Summary summary = DemoChanges.apply(connection, demo.scale(), batch);
                out.printf("Change batch %d: %s orders inserted, %s updated, %s deleted%n", batch,
                        PlanText.number(summary.inserted().size()), PlanText.number(summary.updated().size()),
                        PlanText.number(summary.deleted().size()));
            }
            TextTable tables = new TextTable("TABLE", "ROWS").alignRight(1);
            for (String table : DemoDataset.TABLES_AND_KEYS.keySet()) {
                tables.row(DemoDataset.SCHEMA + "." + table, PlanText.number(count(connection, table)));
            }
            out.print(tables.render("  ", new TerminalStyle(environment.colour())));
            if (digest) {
                out.println("  digest  " + DemoDataset.digest(connection).combined());
            }
            out.flush();
            return SluiceCli.EXIT_OK;
        } catch (IOException | SQLException e) {
            throw CommandFailure.failed("the embedded demo PostgreSQL failed: " + SourceFailures.oneLine(e.getMessage())
                    + ". Fix: stop other sluice commands using " + shown + ", or delete it to start afresh", e);
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM sales." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
