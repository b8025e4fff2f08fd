package dev.sluice.core.pipeline;

import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.SluiceFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.ManifestStore;
import dev.sluice.core.state.RunManifest;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sealed run as the steps after SealRun see it: its config entries, its run manifest ({@code run.json}), its
 * chunk manifests and its ingest date, all read from the lake and config, never from the state document beyond
 * the {@link RunRef}. The ingest date is read from the chunks' object keys ({@code .../ingest_date=YYYY-MM-DD/...}),
 * which the extractor derived from the plan, so no step after SealRun depends on {@code plan.json}'s shape.
 *
 * @param run        the run
 * @param table      its table
 * @param source     its source's config
 * @param config     its table's config
 * @param manifest   {@code run.json}
 * @param chunks     every chunk manifest, in chunk id order
 * @param ingestDate the run's ingest date (its raw partition)
 */
public record SealedRun(RunRef run, TableRef table, SourceConfig source, TableConfig config, RunManifest manifest,
                        List<ChunkManifest> chunks, LocalDate ingestDate) {

    private static final Pattern INGEST_DATE = Pattern.compile("/ingest_date=([0-9]{4}-[0-9]{2}-[0-9]{2})/");

    public SealedRun {
        Objects.requireNonNull(run, "run");
        chunks = List.copyOf(chunks);
    }

    /**
     * Reads the run's documents.
     *
     * @throws ConfigurationFailure when the run's table or source is not in config, or the run was not sealed
     * @throws TransientFailure     when the lake cannot be read
     */
    public static SealedRun read(PipelineContext context, RunRef run) {
        TableRef table;
        try {
            table = TableRef.parse(run.table());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationFailure("run " + run.runId() + ": '" + run.table() + "' is not a schema.table name ("
                    + e.getMessage() + "); start the execution with the table as config names it", e);
        }
        TableConfig config = context.config().tables().stream()
                .filter(t -> t.source().equals(run.source()) && t.table().equals(run.table()))
                .findFirst()
                .orElseThrow(() -> new ConfigurationFailure("run " + run.runId() + ": table " + run.table()
                        + " of source " + run.source() + " is not in the deployed config; add it under tables[] (or"
                        + " start the execution with a configured table) and redeploy"));
        SourceConfig source = context.config().source(run.source())
                .orElseThrow(() -> new ConfigurationFailure("run " + run.runId() + ": source " + run.source()
                        + " is not in the deployed config; add it under sources[] and redeploy"));
        ManifestStore manifests = new ManifestStore(context.lake(), context.layout());
        String where = where(run);
        RunManifest manifest;
        List<ChunkManifest> chunks;
        try {
            manifest = manifests.readRunManifest(run.source(), table, run.runId())
                    .orElseThrow(() -> new ConfigurationFailure(where + " is not sealed: there is no '"
                            + context.layout().runManifest(run.source(), table, run.runId()) + "'. SealRun writes it"
                            + " before the catalog step; redrive from SealRun or start a new execution"));
            chunks = manifests.readChunks(run.source(), table, run.runId());
        } catch (SluiceFailure e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationFailure(where + ": a manifest in the lake cannot be read (" + e.getMessage()
                    + "); it was not written by this Sluice version: start a new execution", e);
        } catch (RuntimeException e) {
            throw new TransientFailure(where + ": reading the run's manifests from the lake failed ("
                    + e.getMessage() + "); redrive once the lake bucket is reachable", e);
        }
        return new SealedRun(run, table, source, config, manifest, chunks, ingestDate(where, manifest, chunks));
    }

    /** "run R of source.schema.table", for messages. */
    public String where() {
        return where(run);
    }

    private static String where(RunRef run) {
        return "run " + run.runId() + " of " + run.source() + "." + run.table();
    }

    /** The run's raw partition, {@code raw/<source>/<schema>.<table>/ingest_date=.../run_id=<run>/}. */
    public String rawRunPrefix(PipelineContext context) {
        return context.layout().rawRunPrefix(run.source(), table, ingestDate, run.runId());
    }

    private static LocalDate ingestDate(String where, RunManifest manifest, List<ChunkManifest> chunks) {
        List<String> keys = new java.util.ArrayList<>(manifest.chunks().stream().map(RunManifest.Chunk::objectKey)
                .toList());
        chunks.forEach(c -> keys.add(c.objectKey()));
        LocalDate found = null;
        for (String key : keys) {
            Matcher m = INGEST_DATE.matcher(key == null ? "" : key);
            if (!m.find()) {
                continue;
            }
            LocalDate date = LocalDate.parse(m.group(1));
            if (found != null && !found.equals(date)) {
                throw new ConfigurationFailure(where + " has chunks under two ingest dates (" + found + " and " + date
                        + "): its chunk manifests do not belong to one plan; start a new execution");
            }
            found = date;
        }
        if (found == null) {
            throw new ConfigurationFailure(where + ": no chunk object key names an ingest_date=YYYY-MM-DD partition,"
                    + " so the run's raw prefix is unknown; the run has no chunks or was written by another layout:"
                    + " start a new execution");
        }
        return found;
    }
}
