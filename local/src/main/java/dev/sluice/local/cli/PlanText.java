package dev.sluice.local.cli;

import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.ConfigProblem;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.SourceIndex;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.types.MappingStatus;
import dev.sluice.core.types.TypeFidelityReport;
import dev.sluice.core.watermark.WatermarkWindow;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code sluice plan} for a terminal: per table an Inventory, a Type fidelity table (blocking columns flagged with
 * their fix), a Chunk plan and the Watermark window, then a Summary. Columns are aligned; colour only when the
 * {@link TerminalStyle} allows it.
 */
final class PlanText {

    private final TerminalStyle style;
    private final StringBuilder out = new StringBuilder();

    private PlanText(TerminalStyle style) {
        this.style = style;
    }

    static String render(PlanDocument document, List<TablePlan> plans, TerminalStyle style) {
        PlanText text = new PlanText(style);
        text.header(document);
        for (int i = 0; i < plans.size(); i++) {
            text.table(plans.get(i), document.tables().get(i));
            if (document.estimate() != null) {
                text.estimate(document.estimate().tables().get(i), document.estimate().assumptions());
            }
        }
        text.summary(document.summary());
        if (document.estimate() != null) {
            text.migration(document.estimate());
        }
        return text.out.toString();
    }

    private void header(PlanDocument document) {
        out.append(style.bold("Sluice plan")).append(" of ").append(document.config()).append(" (environment ")
                .append(document.environment()).append(", ").append(count(document.tables().size(), "table"))
                .append(")\n");
        for (String warning : document.configWarnings()) {
            out.append("  ").append(style.apply(TerminalStyle.WARN, warning)).append('\n');
        }
    }

    private void table(TablePlan plan, PlanDocument.TableEntry entry) {
        out.append('\n').append(style.bold("== " + entry.table())).append("  source ").append(entry.source())
                .append(" (").append(entry.engine()).append(", ").append(entry.sourceLocation()).append(")  ")
                .append(entry.runnable() ? style.apply(TerminalStyle.OK, "runnable")
                        : style.apply(TerminalStyle.BAD, "BLOCKED"))
                .append('\n');
        inventory(plan.described());
        typeFidelity(plan.typeFidelity());
        if (!plan.configWarnings().isEmpty()) {
            section("Config warnings");
            for (ConfigProblem warning : plan.configWarnings()) {
                out.append("    - ").append(style.apply(TerminalStyle.WARN, warning.describe())).append('\n');
            }
        }
        chunkPlan(plan, entry.chunkPlan());
        watermark(entry.watermark(), entry.chunkPlan().warnings());
    }

    private void inventory(SourceTable t) {
        section("Inventory");
        TextTable facts = new TextTable("", "");
        facts.row("rows (estimate)", t.rowEstimate() < 0 ? "unknown (never analyzed)" : number(t.rowEstimate()));
        facts.row("size (estimate)", bytes(t.bytesEstimate()) + ", about " + bytes(t.averageRowBytes()) + " a row");
        facts.row("primary key", t.primaryKey().isEmpty() ? "none" : String.join(", ", t.primaryKey()));
        facts.row("indexes", t.indexes().isEmpty() ? "none" : t.indexes().stream().map(PlanText::index)
                .collect(Collectors.joining("; ")));
        facts.row("columns", t.columns().size());
        out.append(withoutHeader(facts));
    }

    private void typeFidelity(TypeFidelityReport report) {
        section("Type fidelity (" + report.engine().name().toLowerCase(Locale.ROOT) + ", mapping v"
                + report.mappingVersion() + ")");
        TextTable columns = new TextTable("COLUMN", "SOURCE TYPE", "PARQUET", "GLUE", "REDSHIFT", "FIDELITY",
                "STATUS");
        for (TypeFidelityReport.Row row : report.rows()) {
            String role = row.status().blocking() ? TerminalStyle.BAD
                    : row.status() == MappingStatus.OK ? null : TerminalStyle.WARN;
            columns.styledRow(role, row.column(), row.sourceType(), row.parquet(), row.glue(), row.redshift(),
                    row.fidelity().name().toLowerCase(Locale.ROOT),
                    row.status().label() + (row.status().blocking() ? "  <- BLOCKING" : ""));
        }
        out.append(columns.render("    ", style));
        int quietNotes = 0;
        for (TypeFidelityReport.Row row : report.rows()) {
            String detail = join(row.loss(), row.note(), row.reason());
            if (detail.isEmpty() || row.status().blocking()) {
                continue;       // blocking columns are explained in full by their BLOCKING line
            }
            if (row.status() == MappingStatus.OK) {
                quietNotes++;   // exact mappings: their notes are in --json, not worth a terminal line each
            } else {
                out.append("    ").append(style.apply(TerminalStyle.DIM, row.column() + ": " + detail)).append('\n');
            }
        }
        if (quietNotes > 0) {
            out.append("    ").append(style.apply(TerminalStyle.DIM, quietNotes + " exact column"
                    + (quietNotes == 1 ? " has a note" : "s have notes") + " on edge values: see --json"))
                    .append('\n');
        }
        for (TypeFidelityReport.Blocking blocking : report.blocking()) {
            out.append("    ").append(style.apply(TerminalStyle.BAD, "BLOCKING " + blocking.message())).append('\n');
        }
        for (String warning : report.warnings()) {
            out.append("    ").append(style.apply(TerminalStyle.WARN, "warning: " + warning)).append('\n');
        }
    }

    private void chunkPlan(TablePlan plan, PlanDocument.ChunkPlanSummary chunks) {
        section("Chunk plan (" + chunks.mode() + ", run " + chunks.runId() + ")");
        TextTable facts = new TextTable("", "");
        if (chunks.nothingNew()) {
            facts.row("chunks", "0: nothing new since the committed watermark");
        } else {
            ChunkBounds bounds = plan.table().chunk() == null ? ChunkBounds.DEFAULT : plan.table().chunk();
            facts.row("chunks", number(chunks.chunks()) + " over " + (chunks.splitColumns().isEmpty() ? "the whole "
                    + "table" : String.join(", ", chunks.splitColumns())) + ", boundaries from "
                    + chunks.boundaryMethod());
            facts.row("rows per chunk", "min " + number(chunks.rowsPerChunk().min()) + ", avg "
                    + number(chunks.rowsPerChunk().avg()) + ", max " + number(chunks.rowsPerChunk().max())
                    + " (estimates; limit " + number(chunks.rowsPerChunkLimit()) + " rows from "
                    + number(bounds.maxRows()) + " rows / " + bytes(bounds.maxBytes()) + ")");
            facts.row("estimated rows", number(chunks.estimatedRows()));
            if (chunks.chunks() == 1) {
                facts.row("range", range(chunks.firstRange()));
            } else {
                facts.row("first chunk", range(chunks.firstRange()));
                facts.row("last chunk", range(chunks.lastRange()));
            }
        }
        out.append(withoutHeader(facts));
        for (String warning : chunks.warnings()) {
            out.append("    ").append(style.apply(TerminalStyle.WARN, "warning: " + warning)).append('\n');
        }
    }

    /** The window; its warnings only when the chunk plan (which repeats them) did not show them already. */
    private void watermark(WatermarkWindow w, List<String> shown) {
        section("Watermark window of the next run");
        TextTable facts = new TextTable("", "");
        String type = w.type().name().toLowerCase(Locale.ROOT).replace("_", " ");
        facts.row("cursor", w.column() == null ? type : type + " on " + w.column());
        facts.row("window", w.lowerExclusive() == null && w.upperInclusive() == null ? "whole table"
                : "(" + bound(w.lowerExclusive(), "beginning") + ", " + bound(w.upperInclusive(), "end") + "]");
        facts.row("kind", (w.previousHigh() == null ? "first run: no committed watermark in .sluice/lake"
                : "continues from the committed high " + w.previousHigh().value())
                + (w.backfill() ? ", reads from the beginning" : "") + (w.empty() ? ", nothing new" : ""));
        facts.row("high bound set by", w.boundedBy() == null ? "-" : w.boundedBy());
        facts.row("source clock", w.sourceClock() == null ? "-" : w.sourceClock().value());
        out.append(withoutHeader(facts));
        for (String warning : w.warnings()) {
            if (!shown.contains(warning)) {
                out.append("    ").append(style.apply(TerminalStyle.WARN, "warning: " + warning)).append('\n');
            }
        }
    }

    private void summary(PlanDocument.Summary s) {
        out.append('\n').append(style.bold("Summary")).append(": ").append(count(s.tables(), "table")).append(", ")
                .append(style.apply(s.blocked() == 0 ? TerminalStyle.OK : TerminalStyle.BAD,
                        s.runnable() + " runnable, " + s.blocked() + " blocked"))
                .append(", ").append(count(s.chunks(), "chunk")).append(", about ").append(number(s.estimatedRows()))
                .append(" rows to read\n");
    }

    private void estimate(PlanEstimate.TableEstimate t, PlanEstimate.Assumptions a) {
        MigrationEstimate.Figures f = t.estimate();
        section("Estimate for the whole table" + (f == null ? "" : " (" + f.streams() + " stream"
                + (f.streams() == 1 ? "" : "s") + ", link " + a.bandwidth() + ")"));
        if (f == null) {
            out.append("    ").append(style.apply(TerminalStyle.WARN, "not estimated: " + t.skipped())).append('\n');
            return;
        }
        SampleChunk s = t.sample();
        TextTable facts = new TextTable("", "");
        facts.row("sample", "chunk " + s.chunkId() + ": " + number(s.rows()) + " rows, " + bytes(s.parquetBytes())
                + " of Parquet from about " + bytes(s.rawBytesEstimate()) + " at the source (ratio "
                + String.format(Locale.ROOT, "%.1f", s.compressionRatio()) + "x), " + number(Math.round(
                s.rowsPerSecond())) + " rows/s a stream");
        facts.row("on the wire", bytes(f.wireBytes()) + " (source estimate, " + number(f.rows()) + " rows); Parquet "
                + "about " + bytes(f.parquetBytes()));
        facts.row("duration", "about " + seconds(f.durationSeconds()) + " over " + number(f.chunks()) + " chunk"
                + (f.chunks() == 1 ? "" : "s") + ", bound by " + f.boundBy() + " (network " + seconds(
                f.networkSeconds()) + ", extraction " + seconds(f.extractSeconds()) + ")");
        facts.row("cost", cost(f.cost()));
        out.append(withoutHeader(facts));
    }

    private void migration(PlanEstimate e) {
        MigrationEstimate.Figures f = e.total();
        PlanEstimate.Assumptions a = e.assumptions();
        out.append(style.bold("Estimate")).append(" for the whole migration (").append(count(e.tables().size()
                - e.notEstimated().size(), "table")).append(" one after another, link ").append(a.bandwidth())
                .append(", ").append(a.streams() == null ? "streams = each source's readBudget" : count(a.streams(),
                "stream")).append(", ExtractChunk at ").append(a.lambdaMemoryMb()).append(" MB)\n");
        TextTable facts = new TextTable("", "");
        facts.row("on the wire", bytes(f.wireBytes()) + " (" + number(f.rows()) + " rows); Parquet about "
                + bytes(f.parquetBytes()) + " in " + count(f.chunks(), "chunk"));
        facts.row("duration", "about " + seconds(f.durationSeconds()));
        facts.row("cost", cost(f.cost()));
        facts.row("prices", a.prices().region() + ", " + a.prices().asOf() + " on-demand list prices (unit prices in "
                + "--json; see UnitPrices)");
        out.append(withoutHeader(facts));
        for (String skipped : e.notEstimated()) {
            out.append("    ").append(style.apply(TerminalStyle.WARN, "not estimated: " + skipped)).append('\n');
        }
    }

    private static String cost(MigrationEstimate.Cost c) {
        return usd(c.totalUsd()) + " = Lambda " + usd(c.lambdaUsd()) + " (" + String.format(Locale.ROOT, "%,.0f",
                c.lambdaGbSeconds()) + " GB-s, " + number(c.lambdaRequests()) + " requests) + Step Functions "
                + usd(c.stepFunctionsUsd()) + " (" + number(c.stepFunctionsTransitions()) + " transitions) + S3 PUT "
                + usd(c.s3PutUsd()) + " (" + number(c.s3PutRequests()) + ") + Athena " + usd(c.athenaUsd()) + " ("
                + bytes(c.athenaBytesScanned()) + " scanned) + storage " + usd(c.s3StorageUsdPerMonth()) + "/month";
    }

    static String usd(double dollars) {
        return String.format(Locale.ROOT, dollars >= 1 ? "$%,.2f" : "$%.4f", dollars);
    }

    /** Seconds for people: {@code 0.4s}, {@code 42s}, {@code 3m 05s}, {@code 2h 07m}, {@code 3d 4h}. */
    static String seconds(double s) {
        if (s < 10) {
            return String.format(Locale.ROOT, "%.1fs", s);
        }
        return StatusCommand.duration(java.time.Duration.ofSeconds(Math.round(s)));
    }

    private void section(String title) {
        out.append("  ").append(style.bold(title)).append('\n');
    }

    /** A two-column fact table without its (empty) header line. */
    private String withoutHeader(TextTable facts) {
        String rendered = facts.render("    ", new TerminalStyle(false));
        return rendered.substring(rendered.indexOf('\n') + 1);
    }

    private static String index(SourceIndex index) {
        return index.name() + " (" + String.join(", ", index.columns()) + ")" + (index.unique() ? " unique" : "")
                + (index.clustered() ? " clustered" : "");
    }

    static String range(KeyRange range) {
        if (range == null) {
            return "-";
        }
        if (range.nulls()) {
            return range.columns().getFirst() + " IS NULL";
        }
        if (range.wholeTableRange()) {
            return "whole table";
        }
        return "(" + tuple(range.lowerExclusive(), "beginning") + ", " + tuple(range.upperInclusive(), "end") + "]";
    }

    private static String tuple(List<KeyValue> values, String open) {
        if (values == null) {
            return open;
        }
        String joined = values.stream().map(KeyValue::value).collect(Collectors.joining(", "));
        return values.size() == 1 ? joined : "(" + joined + ")";
    }

    private static String bound(KeyValue value, String open) {
        return value == null ? open : value.value();
    }

    private static String join(String... parts) {
        return java.util.Arrays.stream(parts).filter(p -> p != null && !p.isEmpty())
                .collect(Collectors.joining(". "));
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String count(long n, String noun) {
        return number(n) + " " + noun + (n == 1 ? "" : "s");
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
