package dev.sluice.local.cli;

import dev.sluice.core.config.ConfigProblem;
import dev.sluice.core.config.ConfigValidator;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.TableRef;
import dev.sluice.local.demo.DemoScale;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code sluice plan}: what the next run of each configured table would do, read from the source without scanning
 * any table: inventory, type fidelity, chunk plan and watermark window. Exits 0 when the plan was made (blocked
 * tables are part of the plan, flagged), 2 on a bad config or an unusable source.
 */
@Command(name = "plan",
        description = {"Show, per configured table, the inventory, the type-fidelity report, the chunk plan and the "
                + "watermark window of the next run. Reads only the source's catalog and statistics.",
                "A source whose jdbcUrl is embedded:demo starts the embedded demo PostgreSQL for the duration of the "
                        + "command (its data lives in .sluice/demo-pg, generated on first use); any other source is "
                        + "reached with the login JSON {\"username\":..,\"password\":..} in the environment "
                        + "variable its credentials.env names."},
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    private SluiceCli root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The migration config, e.g. config/demo.yaml.")
    private String config;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE",
            description = "Plan only this table (repeatable); default: every table of the config.")
    private List<String> tables = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON document on stdout instead of text.")
    private boolean json;

    @Option(names = "--rows", paramLabel = "N",
            description = "Orders in the embedded demo dataset (the other demo tables are proportional); a size "
                    + "other than the loaded one regenerates it. Default: keep the loaded dataset, or generate "
                    + DemoScale.DEFAULT_ORDERS + " orders when there is none.")
    private Long demoOrders;

    @Option(names = "--bandwidth", paramLabel = "RATE", defaultValue = Bandwidth.DEFAULT,
            description = "The link from the source to AWS, for the duration estimate: bps, Kbps, Mbps, Gbps or B/s, "
                    + "KB/s, MB/s, GB/s (default: ${DEFAULT-VALUE}).")
    private String bandwidth;

    @Option(names = "--streams", paramLabel = "N",
            description = "Concurrent chunk extractions for the estimate; default: the source's readBudget.")
    private Integer streams;

    @Option(names = "--sample-rows", paramLabel = "N", defaultValue = "" + SampleChunk.DEFAULT_ROWS,
            description = "Rows of the sample chunk extracted (to memory, nothing is written) to measure "
                    + "compression and speed (default: ${DEFAULT-VALUE}).")
    private int sampleRows;

    @Option(names = "--lambda-memory-mb", paramLabel = "MB", defaultValue = "2048",
            description = "ExtractChunk's memory for the Lambda cost (default: ${DEFAULT-VALUE}, as deployed by infra).")
    private int lambdaMemoryMb;

    @Override
    public Integer call() {
        CliEnvironment environment = root.environment();
        PlanEstimate.Options estimating = estimateOptions();
        PrintWriter progress = spec.commandLine().getErr();
        Optional<DemoScale> demoScale = demoScale(demoOrders);
        SluiceConfig loaded = ConfigFile.load(environment, config);
        List<Integer> selected = ConfigFile.select(loaded, config, tables);

        List<TablePlan> plans = new ArrayList<>();
        List<PlanEstimate.TableEstimate> estimates = new ArrayList<>();
        LocalWatermarks watermarks = new LocalWatermarks(environment, loaded);
        try (SourceSessions sources = new SourceSessions(loaded, environment, demoScale, progress)) {
            for (int index : selected) {
                TableConfig table = loaded.tables().get(index);
                SourceSessions.OpenSource source = sources.source(table.source());
                TablePlan plan = TablePlanning.plan(Path.of(config), index, table, source,
                        watermarks.read(table.source(), TableRef.parse(table.table())));
                plans.add(plan);
                estimates.add(estimate(plan, source, sources.of(source.config()), loaded, estimating));
            }
        }
        List<ConfigProblem> warnings = ConfigValidator.validate(Path.of(config), loaded).stream()
                .filter(problem -> !problem.isError())
                .toList();
        PlanDocument document = PlanDocument.of(SluiceCli.Version.projectVersion(), config,
                loaded.environment() == null ? "" : loaded.environment().name(), warnings, plans,
                PlanEstimate.of(new PlanEstimate.Assumptions(estimating.bandwidth().text(),
                        estimating.bandwidth().bytesPerSecond(), streams, sampleRows, lambdaMemoryMb, true,
                        UnitPrices.US_EAST_1), estimates));
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? document.toJson() + "\n"
                : PlanText.render(document, plans, new TerminalStyle(environment.colour())));
        out.flush();
        return SluiceCli.EXIT_OK;
    }

    /** The estimate options, checked before any source is contacted. */
    private PlanEstimate.Options estimateOptions() {
        Bandwidth link = Bandwidth.parse("--bandwidth", bandwidth);
        if (streams != null && (streams < 1 || streams > 1000)) {
            throw CommandFailure.badInput("--streams " + streams + " must be between 1 and 1000, e.g. --streams 4");
        }
        if (sampleRows < 1) {
            throw CommandFailure.badInput("--sample-rows " + sampleRows + " must be at least 1, e.g. --sample-rows "
                    + SampleChunk.DEFAULT_ROWS);
        }
        if (lambdaMemoryMb < 128 || lambdaMemoryMb > 10_240) {
            throw CommandFailure.badInput("--lambda-memory-mb " + lambdaMemoryMb + " is outside Lambda's 128..10240 "
                    + "MB, e.g. --lambda-memory-mb 2048");
        }
        return new PlanEstimate.Options(link, streams, sampleRows, lambdaMemoryMb);
    }

    /** The sample and estimate of one planned table; a blocked table is not sampled (ExtractChunk would refuse it). */
    private static PlanEstimate.TableEstimate estimate(TablePlan plan, SourceSessions.OpenSource source,
                                                       JdbcSource.ConnectionFactory connections, SluiceConfig config,
                                                       PlanEstimate.Options options) {
        if (!plan.runnable()) {
            return new PlanEstimate.TableEstimate(plan.table().table(), "blocked by type fidelity: set the "
                    + "column policies the plan lists, then plan again", null, null);
        }
        SampleChunk sample = SampleChunk.measure(plan, source, connections, config.lake(), options.sampleRows());
        int tableStreams = options.streams() != null ? options.streams() : Math.max(1, source.config().readBudget());
        return PlanEstimate.of(plan, sample, tableStreams, options, UnitPrices.US_EAST_1);
    }

    /** The demo size asked for with {@code --rows}, if any. */
    static Optional<DemoScale> demoScale(Long orders) {
        if (orders == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DemoScale(orders, DemoScale.DEFAULT_SEED));
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput(e.getMessage());
        }
    }
}
