package dev.sluice.local.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.Lease;
import dev.sluice.core.state.LeaseStore;
import dev.sluice.core.state.LedgerEntry;
import dev.sluice.core.state.StoredWatermark;
import dev.sluice.core.state.WatermarkStore;
import dev.sluice.core.watermark.Watermark;
import dev.sluice.core.watermark.WatermarkException;
import dev.sluice.core.watermark.WatermarkJson;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
 * {@code sluice status}: where each configured table stands in the local lake — its committed watermark (and how far
 * behind the source clock it is), its lease (free, or which run holds it until when) and its last runs from the run
 * ledger, newest first. Reads {@code .sluice/lake} through the core stores; never writes, never touches the source.
 */
@Command(name = "status",
        description = {"Show, per configured table, the committed watermark, the lease and the last runs recorded in "
                + "the local lake (.sluice/lake). Reads only the lake; the source is not contacted."},
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true)
final class StatusCommand implements Callable<Integer> {

    static final String NO_RUNS_YET = "no runs yet: run `./sluice demo` or `./sluice run`";

    @ParentCommand
    private SluiceCli root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The migration config, e.g. config/demo.yaml.")
    private String config;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE",
            description = "Only this table (repeatable); default: every table of the config.")
    private List<String> tables = new ArrayList<>();

    @Option(names = "--runs", paramLabel = "N", defaultValue = "10",
            description = "How many of the last runs to show per table (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--json", description = "Print one JSON document on stdout instead of text.")
    private boolean json;

    @Override
    public Integer call() {
        if (runs < 1) {
            throw CommandFailure.badInput("--runs " + runs + " must be at least 1, e.g. --runs 10");
        }
        CliEnvironment environment = root.environment();
        SluiceConfig loaded = ConfigFile.load(environment, config);
        List<Integer> selected = ConfigFile.select(loaded, config, tables);
        LocalLake lake = new LocalLake(environment, loaded);
        Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.MILLIS);

        List<TableStatus> statuses = new ArrayList<>();
        for (int index : selected) {
            statuses.add(status(lake, loaded.tables().get(index), now));
        }
        boolean noRuns = statuses.stream().allMatch(TableStatus::empty);
        Document document = new Document(config, loaded.environment() == null ? "" : loaded.environment().name(),
                lake.where(), now, noRuns, statuses);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? toJson(document) + "\n" : text(document, new TerminalStyle(environment.colour())));
        out.flush();
        return SluiceCli.EXIT_OK;
    }

    private TableStatus status(LocalLake lake, TableConfig table, Instant now) {
        TableRef ref = TableRef.parse(table.table());
        try {
            Optional<StoredWatermark> stored = new WatermarkStore(lake.store(), lake.layout())
                    .read(table.source(), ref);
            WatermarkStatus watermark = stored.map(s -> WatermarkStatus.of(WatermarkJson.read(s.body().toString(),
                    lake.where() + "/" + lake.layout().watermark(table.source(), ref)), now)).orElse(null);
            LeaseStatus lease = new LeaseStore(lake.store(), lake.layout(), Clock.fixed(now, ZoneOffset.UTC))
                    .read(table.source(), ref).map(held -> LeaseStatus.of(held.lease(), now)).orElse(null);
            List<RunStatus> last = lake.runsNewestFirst(table).stream().limit(runs).map(RunStatus::of).toList();
            return new TableStatus(table.table(), table.source(), watermark, lease, last);
        } catch (WatermarkException e) {
            throw CommandFailure.badInput(SourceFailures.oneLine(e.getMessage()), e);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw LocalLake.unreadable(table.table(), e);
        }
    }

    /** {@code sluice status --json}. Field names are part of the CLI's interface. */
    @JsonPropertyOrder({"config", "environment", "lake", "asOf", "noRunsYet", "tables"})
    record Document(String config, String environment, String lake, Instant asOf, boolean noRunsYet,
                    List<TableStatus> tables) {
    }

    @JsonPropertyOrder({"table", "source", "watermark", "lease", "runs"})
    record TableStatus(String table, String source, WatermarkStatus watermark, LeaseStatus lease,
                       List<RunStatus> runs) {

        boolean empty() {
            return watermark == null && lease == null && runs.isEmpty();
        }
    }

    /**
     * The committed watermark. {@code lagSeconds} is {@code asOf - high} for timestamp watermarks (a timestamp
     * without time zone is read as UTC), null for other types.
     */
    @JsonPropertyOrder({"type", "column", "low", "high", "sourceClock", "runId", "committedAt", "lagSeconds"})
    record WatermarkStatus(String type, String column, KeyValue low, KeyValue high, KeyValue sourceClock,
                           String runId, Instant committedAt, Long lagSeconds) {

        static WatermarkStatus of(Watermark w, Instant now) {
            return new WatermarkStatus(w.type().name().toLowerCase(java.util.Locale.ROOT), w.column(), w.low(),
                    w.high(), w.sourceClock(), w.runId(), w.committedAt(), lag(w, now));
        }

        private static Long lag(Watermark w, Instant now) {
            if (w.type() != WatermarkConfig.Type.TIMESTAMP || w.high() == null) {
                return null;
            }
            Instant high = switch (w.high().type()) {
                case KeyValue.TIMESTAMPTZ -> Instant.parse(w.high().value());
                case KeyValue.TIMESTAMP -> LocalDateTime.parse(w.high().value()).toInstant(ZoneOffset.UTC);
                default -> null;
            };
            return high == null ? null : Duration.between(high, now).toSeconds();
        }
    }

    /** The lease: {@code held} (a run is in progress or died holding it), {@code released} or {@code expired}. */
    @JsonPropertyOrder({"state", "runId", "holder", "acquiredAt", "expiresAt"})
    record LeaseStatus(String state, String runId, String holder, Instant acquiredAt, Instant expiresAt) {

        static LeaseStatus of(Lease lease, Instant now) {
            String state = lease.released() ? "released" : lease.isFreeAt(now) ? "expired" : "held";
            return new LeaseStatus(state, lease.runId(), lease.holder(), lease.acquiredAt(), lease.expiresAt());
        }
    }

    /** One attempt of one run, from the run ledger. */
    @JsonPropertyOrder({"runId", "mode", "outcome", "failureClass", "rows", "bytes", "chunks", "windowLow",
            "windowHigh", "startedAt", "endedAt"})
    record RunStatus(String runId, String mode, String outcome, String failureClass, long rows, long bytes,
                     int chunks, String windowLow, String windowHigh, Instant startedAt, Instant endedAt) {

        static RunStatus of(LedgerEntry e) {
            return new RunStatus(e.runId(), e.mode(), e.status(), e.failureClass(), e.rows(), e.bytes(), e.chunks(),
                    e.windowLow(), e.windowHigh(), e.startedAt(), e.endedAt());
        }
    }

    static String toJson(Object document) {
        try {
            return LakeJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Document d, TerminalStyle style) {
        StringBuilder out = new StringBuilder();
        out.append(style.bold("Sluice status")).append(" of ").append(d.config()).append(" (environment ")
                .append(d.environment()).append(", lake ").append(d.lake()).append(", as of ").append(d.asOf())
                .append(")\n");
        if (d.noRunsYet()) {
            out.append('\n').append(NO_RUNS_YET).append('\n');
            return out.toString();
        }
        for (TableStatus t : d.tables()) {
            out.append('\n').append(style.bold("== " + t.table())).append("  source ").append(t.source()).append('\n');
            if (t.empty()) {
                out.append("  ").append(style.apply(TerminalStyle.DIM, NO_RUNS_YET)).append('\n');
                continue;
            }
            TextTable facts = new TextTable("", "");
            facts.row("watermark", watermark(t.watermark()));
            facts.row("lease", lease(t.lease()));
            String rendered = facts.render("  ", new TerminalStyle(false));
            out.append(rendered.substring(rendered.indexOf('\n') + 1));
            if (t.runs().isEmpty()) {
                out.append("  last runs: none recorded in the run ledger\n");
                continue;
            }
            out.append("  last runs (newest first)\n");
            TextTable runs = new TextTable("RUN", "MODE", "OUTCOME", "ROWS", "CHUNKS", "PARQUET", "STARTED",
                    "TOOK").alignRight(3, 4, 5, 7);
            for (RunStatus r : t.runs()) {
                String outcome = r.failureClass() == null ? r.outcome() : r.outcome() + " (" + r.failureClass() + ")";
                runs.styledRow("SUCCEEDED".equals(r.outcome()) ? null : TerminalStyle.BAD, r.runId(), r.mode(),
                        outcome, PlanText.number(r.rows()), PlanText.number(r.chunks()), PlanText.bytes(r.bytes()),
                        r.startedAt(), r.endedAt() == null ? "-" : duration(Duration.between(r.startedAt(),
                                r.endedAt())));
            }
            out.append(runs.render("    ", style));
        }
        return out.toString();
    }

    private static String watermark(WatermarkStatus w) {
        if (w == null) {
            return "none committed yet: the next run is a backfill";
        }
        String value = w.high() == null ? "full load" : "high " + w.high().value();
        return w.type() + (w.column() == null ? "" : " on " + w.column()) + ": " + value + ", run " + w.runId()
                + ", committed " + w.committedAt()
                + (w.lagSeconds() == null ? "" : " (lag " + duration(Duration.ofSeconds(w.lagSeconds())) + ")");
    }

    private static String lease(LeaseStatus l) {
        if (l == null) {
            return "free (never taken)";
        }
        return switch (l.state()) {
            case "held" -> "HELD by run " + l.runId() + " (execution " + l.holder() + ") until " + l.expiresAt();
            case "released" -> "free (released by run " + l.runId() + ")";
            default -> "free (expired " + l.expiresAt() + "; run " + l.runId() + " did not release it)";
        };
    }

    /** A duration for people: {@code 42s}, {@code 3m 05s}, {@code 2h 07m}, {@code 3d 4h}; negative as {@code -...}. */
    static String duration(Duration d) {
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(java.util.Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }
}
