package dev.sluice.core.state;

import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.source.TableRef;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Every key Sluice writes in the lake bucket, in one place (DESIGN.md, "Lake layout"). With the default prefixes
 * {@code raw} and {@code _sluice}:
 * <pre>
 * raw/&lt;source&gt;/&lt;schema&gt;.&lt;table&gt;/ingest_date=YYYY-MM-DD/run_id=&lt;runId&gt;/part-&lt;chunkId&gt;.parquet
 * _sluice/state/&lt;source&gt;/&lt;schema&gt;.&lt;table&gt;/watermark.json
 * _sluice/state/&lt;source&gt;/&lt;schema&gt;.&lt;table&gt;/lease.json
 * _sluice/runs/&lt;source&gt;/&lt;schema&gt;.&lt;table&gt;/&lt;runId&gt;/plan.json, items.json, chunks/&lt;chunkId&gt;.json, run.json,
 *                                                validation.json, load.json, copy.manifest
 * _sluice/ledger/&lt;source&gt;/&lt;schema&gt;.&lt;table&gt;/&lt;runId&gt;/&lt;attempt&gt;.jsonl
 * </pre>
 * The run ledger has its own prefix beside {@code runs}: an Athena table reads every object under its location
 * recursively, and {@code runs} also holds plans and manifests of other shapes. The ingest date is part of the run
 * (recorded in its plan), never the wall clock of the writer, so a rerun of a window reproduces the same keys.
 * Run ids, chunk ids and source names are checked to be key-safe; tables are validated {@link TableRef}s.
 */
public final class LakeLayout {

    private static final Pattern KEY_SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=-]{0,199}");

    private final String bucket;
    private final String raw;
    private final String state;

    /** The layout of {@code lake}; blank prefixes default to {@code raw} and {@code _sluice}. */
    public LakeLayout(LakeConfig lake) {
        this(lake.bucket(), lake.rawPrefix(), lake.statePrefix());
    }

    public LakeLayout(String bucket, String rawPrefix, String statePrefix) {
        this.bucket = Objects.requireNonNull(bucket, "lake.bucket");
        this.raw = normalize(rawPrefix, "raw");
        this.state = normalize(statePrefix, "_sluice");
    }

    private static String normalize(String prefix, String fallback) {
        String p = prefix == null || prefix.isBlank() ? fallback : prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? fallback : p;
    }

    public String bucket() {
        return bucket;
    }

    /** {@code raw/<source>/<schema>.<table>/}: the table's data, the location the catalog points at. */
    public String rawTablePrefix(String source, TableRef table) {
        return raw + "/" + safe(source, "source name") + "/" + table + "/";
    }

    /** The partition of one run: {@code .../ingest_date=YYYY-MM-DD/run_id=<runId>/}. */
    public String rawRunPrefix(String source, TableRef table, LocalDate ingestDate, String runId) {
        return rawTablePrefix(source, table) + "ingest_date=" + Objects.requireNonNull(ingestDate, "ingestDate")
                + "/run_id=" + safe(runId, "run id") + "/";
    }

    /** The Parquet object of one chunk. */
    public String chunkObject(String source, TableRef table, LocalDate ingestDate, String runId, String chunkId) {
        return rawRunPrefix(source, table, ingestDate, runId) + "part-" + safe(chunkId, "chunk id") + ".parquet";
    }

    /** {@code _sluice/state/<source>/<schema>.<table>/}. */
    public String stateTablePrefix(String source, TableRef table) {
        return state + "/state/" + safe(source, "source name") + "/" + table + "/";
    }

    public String watermark(String source, TableRef table) {
        return stateTablePrefix(source, table) + "watermark.json";
    }

    public String lease(String source, TableRef table) {
        return stateTablePrefix(source, table) + "lease.json";
    }

    /** {@code _sluice/runs/<source>/<schema>.<table>/<runId>/}. */
    public String runPrefix(String source, TableRef table, String runId) {
        return state + "/runs/" + safe(source, "source name") + "/" + table + "/" + safe(runId, "run id") + "/";
    }

    public String plan(String source, TableRef table, String runId) {
        return runPrefix(source, table, runId) + "plan.json";
    }

    /** The run's chunk item list ({@code [{"chunkIndex":0},...]}), read by the Distributed Map's ItemReader. */
    public String items(String source, TableRef table, String runId) {
        return runPrefix(source, table, runId) + "items.json";
    }

    /** The prefix under which the run's chunk manifests are listed. */
    public String chunkManifests(String source, TableRef table, String runId) {
        return runPrefix(source, table, runId) + "chunks/";
    }

    public String chunkManifest(String source, TableRef table, String runId, String chunkId) {
        return chunkManifests(source, table, runId) + safe(chunkId, "chunk id") + ".json";
    }

    public String runManifest(String source, TableRef table, String runId) {
        return runPrefix(source, table, runId) + "run.json";
    }

    public String validationReport(String source, TableRef table, String runId) {
        return runPrefix(source, table, runId) + "validation.json";
    }

    public String loadReport(String source, TableRef table, String runId) {
        return runPrefix(source, table, runId) + "load.json";
    }

    /** The run's Redshift COPY manifest: {@code _sluice/runs/<source>/<schema>.<table>/<runId>/copy.manifest}. */
    public String copyManifest(String source, TableRef table, String runId) {
        return runPrefix(source, table, runId) + "copy.manifest";
    }

    /** {@code _sluice/ledger/}: the location of the Athena table over the run ledger. */
    public String ledgerRoot() {
        return state + "/ledger/";
    }

    /** One ledger entry: one attempt of one run ({@code attempt} is key-safe, e.g. its start instant). */
    public String ledgerEntry(String source, TableRef table, String runId, String attempt) {
        return ledgerRoot() + safe(source, "source name") + "/" + table + "/" + safe(runId, "run id") + "/"
                + safe(attempt, "attempt") + ".jsonl";
    }

    /** The chunk id of a chunk manifest key under {@link #chunkManifests}, or null if the key is not one. */
    public static String chunkIdOf(String manifestKey) {
        int slash = manifestKey.lastIndexOf('/');
        String name = manifestKey.substring(slash + 1);
        return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : null;
    }

    static String safe(String part, String what) {
        if (part == null || !KEY_SAFE.matcher(part).matches()) {
            throw new IllegalArgumentException("'" + part + "' is not a valid " + what + " for a lake key: use "
                    + "letters, digits, '.', '_', '=', '-' (starting with a letter or digit), at most 200 characters");
        }
        return part;
    }
}
