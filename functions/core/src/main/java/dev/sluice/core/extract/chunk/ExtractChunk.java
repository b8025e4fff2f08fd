package dev.sluice.core.extract.chunk;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.extract.ChunkExtraction;
import dev.sluice.core.extract.ChunkExtractor;
import dev.sluice.core.extract.ChunkRequest;
import dev.sluice.core.extract.ChunkValueException;
import dev.sluice.core.extract.ChunkWriterSettings;
import dev.sluice.core.extract.ParquetSchemas;
import dev.sluice.core.extract.SourceReadException;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.lake.ManifestConflictException;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.plan.Chunk;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.source.BoundSql;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.PostgresCopyOut;
import dev.sluice.core.source.PostgresDialect;
import dev.sluice.core.source.Projection;
import dev.sluice.core.source.SourceException;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.SqlDialect;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.ColumnDescriptor;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.state.ManifestStore;
import dev.sluice.core.state.SchemaDrift;
import dev.sluice.core.state.SchemaDriftException;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.TypeMapping;
import dev.sluice.core.watermark.WatermarkException;
import dev.sluice.core.watermark.WatermarkWindow;
import dev.sluice.core.watermark.WatermarkWindows;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The ExtractChunk step: one chunk of a planned run, from the source's key range to a committed Parquet object and
 * chunk manifest in the lake.
 *
 * <ol>
 *   <li><b>Already committed?</b> When the chunk's manifest exists and the object under its fixed key has the
 *       manifest's size and ETag, the chunk is done: the source is not read again (redrive).</li>
 *   <li><b>Schema.</b> The table is described again and mapped (type mapping + the table's column overrides); the
 *       columns are compared with the planned ones by {@link SchemaDrift} under the table's schema policy. A type
 *       change or a dropped column fails naming the column. Only the planned columns are read, so every chunk of a
 *       run has the same Parquet schema; a new nullable column allowed by {@code evolve} is carried from the next
 *       run's plan on.</li>
 *   <li><b>Read.</b> One read-only transaction at the configured isolation: the projections rendered for the dialect,
 *       the chunk's key range in key order, a forward-only cursor with the configured fetch size and query timeout;
 *       auto-commit off (PgJDBC streams only then).</li>
 *   <li><b>Change tracking.</b> Every file of a table with a {@code changeTracking} watermark carries
 *       {@code _sluice_op}: {@code I} on the rows of the first run's full load (range chunks), the change table's
 *       operation on the rows of an increment's {@link Chunk.Kind#CHANGES} chunk. That chunk reads
 *       {@link SqlDialect#changeTrackingRead} between the plan's last synced version and the version it captured
 *       (one row per changed key; a delete carries its key and NULLs), after checking in the same transaction that
 *       change tracking is still on and that no change of the window was cleaned up (else a permanent failure
 *       whose cause is a {@link dev.sluice.core.watermark.ChangeTrackingExpiredException} and whose fix is a
 *       backfill). It runs at the configured isolation, {@code snapshot} when none is configured, never NOLOCK.</li>
 *   <li><b>Write.</b> {@link ChunkExtractor} into a {@link LakeOutputFile} at the fixed key
 *       {@code raw/<source>/<schema>.<table>/ingest_date=.../run_id=<run>/part-<chunk>.parquet} in OVERWRITE mode, so
 *       a retried chunk rewrites its own key; {@code _sluice_extracted_at} is the run's fixed instant, so the rewrite is
 *       byte-identical.</li>
 *   <li><b>Commit.</b> The manifest through {@link ManifestStore#write} (If-None-Match): an identical manifest from a
 *       concurrent or earlier attempt is success; a different one is a permanent conflict.</li>
 * </ol>
 * On failure the upload is aborted before the writer closes: no object, no manifest, no open multipart upload, and an
 * {@link ExtractChunkException} says whether a retry can help.
 */
public final class ExtractChunk {

    private static final int DEFAULT_FETCH_SIZE = 10_000;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final JdbcSource.ConnectionFactory connections;
    private final ObjectStore store;
    private final LakeLayout layout;
    private final ManifestStore manifests;
    private final ChunkWriterSettings settings;
    private final int partSize;
    private final PostgresCopyOut copyOut;
    private final Function<Engine, SqlDialect> dialects;

    /**
     * @param connections opens connections to the assignment's source (a pool, a DataSource, the driver)
     * @param store       the lake bucket
     * @param layout      the lake's key layout
     * @param settings    the Parquet layout (codec from the lake config)
     * @param partSize    the multipart part size in bytes (8-64 MiB)
     */
    public ExtractChunk(JdbcSource.ConnectionFactory connections, ObjectStore store, LakeLayout layout,
                        ChunkWriterSettings settings, int partSize) {
        this(connections, store, layout, settings, partSize, null);
    }

    /**
     * As above, reading PostgreSQL chunks through {@code copyOut} (binary COPY) when every column has a binary decoder
     * and the key bounds render as literals ({@link ChunkExtractor#readsBinaryCopy}, {@link
     * PostgresDialect#binaryCopyRead}); other chunks, and every chunk when {@code copyOut} is null, read over JDBC.
     * Both reads give the same Parquet values, row hashes and manifest.
     */
    public ExtractChunk(JdbcSource.ConnectionFactory connections, ObjectStore store, LakeLayout layout,
                        ChunkWriterSettings settings, int partSize, PostgresCopyOut copyOut) {
        this(connections, store, layout, settings, partSize, copyOut, SqlDialect::of);
    }

    /**
     * As above, with the dialect of each source engine given: a test dialect stands in for an engine that cannot run
     * here (SQL Server change tracking rendered for PostgreSQL, see {@code ChangeTrackingExtractIT}).
     */
    ExtractChunk(JdbcSource.ConnectionFactory connections, ObjectStore store, LakeLayout layout,
                 ChunkWriterSettings settings, int partSize, PostgresCopyOut copyOut,
                 Function<Engine, SqlDialect> dialects) {
        this.copyOut = copyOut;
        this.connections = Objects.requireNonNull(connections, "connections");
        this.store = Objects.requireNonNull(store, "store");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.manifests = new ManifestStore(store, layout);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.partSize = partSize;
        this.dialects = Objects.requireNonNull(dialects, "dialects");
    }

    /**
     * Extracts the assignment's chunk, or returns its manifest when it is already committed.
     *
     * @throws ExtractChunkException with nothing left in the lake by this attempt
     */
    public ChunkOutcome extract(ChunkAssignment assignment) {
        ChunkPlan plan = assignment.plan();
        Chunk chunk = assignment.chunk();
        TableRef table = TableRef.parse(assignment.table().table());
        String sourceName = assignment.source().name();
        String where = "chunk " + chunk.id() + " (index " + chunk.index() + ") of run " + plan.runId() + " of "
                + sourceName + "." + table;
        checkPlan(assignment, table, where);
        boolean changeTracking = changeTracking(assignment.table());
        Optional<ChangeWindow> changes = chunk.kind() == Chunk.Kind.CHANGES
                ? Optional.of(changeWindow(assignment, table, chunk, changeTracking, where)) : Optional.empty();
        String objectKey = layout.chunkObject(sourceName, table, assignment.ingestDate(), plan.runId(), chunk.id());

        Optional<ChunkManifest> committed = manifests.readChunk(sourceName, table, plan.runId(), chunk.id());
        if (committed.isPresent() && intact(committed.get(), objectKey)) {
            return new ChunkOutcome(committed.get(), false, Optional.empty(), Optional.empty());
        }

        SqlDialect dialect = dialects.apply(assignment.source().engine());
        JdbcSource source = new JdbcSource(assignment.source(), dialect, connections);
        SourceTable described;
        try {
            described = source.describe(table);
        } catch (SourceException e) {
            throw new ExtractChunkException(e.transientFailure() ? ExtractChunkException.Kind.RETRYABLE
                    : ExtractChunkException.Kind.PERMANENT, table.toString(), chunk.id(),
                    where + ": describing the table failed: " + e.getMessage(), e);
        }
        List<ColumnMapping> now = map(TypeMapping.of(assignment.source().engine()), assignment.table(), described);
        SchemaDrift.Report drift = checkDrift(assignment, table, chunk, now, where);
        Set<String> planned = assignment.schema().columns().stream()
                .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<ColumnMapping> carried = now.stream()
                .filter(m -> planned.contains(m.source().name().toLowerCase(Locale.ROOT))).toList();
        List<String> blocking = carried.stream().filter(ColumnMapping::blocking)
                .map(m -> m.source().name() + " (" + m.declaredType() + "): " + m.statusReason()).toList();
        if (!blocking.isEmpty()) {
            throw permanent(table, chunk, where + ": columns need a policy in tables[" + table + "].columns before "
                    + "they can be extracted: " + String.join("; ", blocking), null);
        }
        List<String> keyColumns = keyColumns(assignment, described, chunk, table, where);
        ChunkRequest request;
        try {
            request = new ChunkRequest(table, plan.runId(), chunk.id(), carried, keyColumns,
                    changeTracking ? ParquetSchemas.OP : null);
        } catch (IllegalArgumentException e) {
            throw permanent(table, chunk, where + ": " + e.getMessage(), e);
        }
        List<Projection> select = ChunkProjections.of(dialect, carried);
        IsolationLevel configured = assignment.source().isolation();
        IsolationLevel isolation = configured != null ? configured
                : changes.isPresent() ? IsolationLevel.SNAPSHOT : IsolationLevel.READ_COMMITTED;
        BoundSql sql;
        if (changes.isPresent()) {
            List<String> columns = carried.stream().filter(m -> !m.lakeColumns().isEmpty())
                    .map(m -> m.source().name()).toList();
            try {
                sql = dialect.changeTrackingRead(table, keyColumns, columns, select, changes.get().lastSynced(),
                        changes.get().captured());
            } catch (SourceException | IllegalArgumentException e) {
                throw permanent(table, chunk, where + ": " + e.getMessage(), e);
            }
        } else {
            List<Projection> rangeSelect = select;
            if (changeTracking) {
                // every file of a change tracking table carries the op: the full load's rows are inserts
                rangeSelect = new ArrayList<>(select);
                rangeSelect.add(Projection.of(ParquetSchemas.OP, ignored -> "'I'"));
            }
            sql = dialect.rangeRead(table, rangeSelect, chunk.range(), isolation == IsolationLevel.READ_UNCOMMITTED);
        }
        Optional<String> copySql = copyOut != null && dialect instanceof PostgresDialect postgres
                && ChunkExtractor.readsBinaryCopy(request)
                ? postgres.binaryCopyRead(table, select, chunk.range()) : Optional.empty();

        Written written = read(assignment, dialect, isolation, sql, copySql, changes, request, objectKey, where);
        ChunkExtraction extraction = written.extraction();
        ObjectStore.PutResult object = written.object();
        ChunkManifest manifest = extraction.manifest(sourceName, object, plan.schemaFingerprint());
        try {
            ChunkManifest stored = manifests.write(manifest);
            return new ChunkOutcome(stored, true, Optional.of(extraction), Optional.of(drift));
        } catch (ManifestConflictException e) {
            throw permanent(table, chunk, where + ": a different manifest is already committed under '" + e.key()
                    + "' (fields " + e.differingFields() + "); the source changed under a committed chunk or the "
                    + "plan was rewritten: plan a new run instead of rerunning this one", e);
        } catch (RuntimeException e) {
            throw new ExtractChunkException(ExtractChunkException.Kind.RETRYABLE, table.toString(), chunk.id(),
                    where + ": writing the chunk manifest failed (" + e.getMessage() + "); the object is written, "
                    + "retry the chunk to commit it", e);
        }
    }

    /** A completed extraction and the object it completed. */
    private record Written(ChunkExtraction extraction, ObjectStore.PutResult object) {
    }

    private Written read(ChunkAssignment assignment, SqlDialect dialect, IsolationLevel isolation, BoundSql sql,
                         Optional<String> copySql, Optional<ChangeWindow> changes, ChunkRequest request,
                         String objectKey, String where) {
        SourceConfig config = assignment.source();
        String table = request.table().toString();
        String chunkId = request.chunkId();
        LakeOutputFile file = new LakeOutputFile(store, objectKey, partSize);
        try (Connection c = connections.open()) {
            try (Statement s = c.createStatement()) {
                s.execute(dialect.isolationStatement(isolation));
                for (String statement : ChunkProjections.sessionStatements(config.engine())) {
                    s.execute(statement);
                }
            }
            c.setAutoCommit(false);
            c.setReadOnly(true);
            Duration timeout = config.queryTimeout() == null ? DEFAULT_TIMEOUT : config.queryTimeout();
            if (copySql.isPresent()) {
                try {
                    // COPY has no JDBC query timeout: the server's own, for this transaction only
                    try (Statement s = c.createStatement()) {
                        s.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
                    }
                    ChunkExtraction extraction;
                    try (InputStream copy = copyOut.open(c, copySql.get())) {
                        extraction = new ChunkExtractor(settings, Clock.fixed(assignment.extractedAt(),
                                ZoneOffset.UTC)).extract(request, copy, file);
                    }
                    c.commit();
                    return new Written(extraction, file.result().orElseThrow(() -> new IOException(
                            "the upload of '" + objectKey + "' did not complete")));
                } catch (SQLException | IOException | RuntimeException | Error e) {
                    file.abort();
                    rollback(c, e);
                    throw e;
                }
            }
            try {
                if (changes.isPresent()) {
                    // in the read's own transaction: under snapshot, the versions checked are those the read sees
                    checkVersions(c, dialect, request, changes.get(), timeout, where);
                }
            } catch (SQLException | RuntimeException e) {
                file.abort();
                rollback(c, e);
                throw e;
            }
            try (PreparedStatement ps = c.prepareStatement(sql.sql(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                ps.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toSeconds())));
                ps.setFetchSize(config.fetchSize() > 0 ? config.fetchSize() : DEFAULT_FETCH_SIZE);
                List<Object> params = sql.parameters();
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                ChunkExtraction extraction;
                try (ResultSet rs = ps.executeQuery()) {
                    extraction = new ChunkExtractor(settings, Clock.fixed(assignment.extractedAt(), ZoneOffset.UTC))
                            .extract(request, rs, file);
                }
                c.commit();
                return new Written(extraction, file.result().orElseThrow(() -> new IOException(
                        "the upload of '" + objectKey + "' did not complete")));
            } catch (SQLException | IOException | RuntimeException | Error e) {
                file.abort();
                rollback(c, e);
                throw e;
            }
        } catch (ChunkValueException e) {
            throw new ExtractChunkException(ExtractChunkException.Kind.PERMANENT, table, chunkId,
                    where + ": " + e.getMessage(), e);
        } catch (SourceReadException e) {
            throw new ExtractChunkException(transientState(e.sqlState(), e.getCause())
                    ? ExtractChunkException.Kind.RETRYABLE : ExtractChunkException.Kind.PERMANENT, table, chunkId,
                    where + ": " + e.getMessage() + "; nothing was committed", e);
        } catch (SQLException e) {
            throw new ExtractChunkException(transientState(e.getSQLState(), e) ? ExtractChunkException.Kind.RETRYABLE
                    : ExtractChunkException.Kind.PERMANENT, table, chunkId, where + ": reading the source failed "
                    + "(SQLState " + e.getSQLState() + ": " + e.getMessage() + "); nothing was committed: check the "
                    + "table, grants and connection, then retry", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ExtractChunkException x) {
                throw x;
            }
            throw new ExtractChunkException(ExtractChunkException.Kind.RETRYABLE, table, chunkId,
                    where + ": writing '" + objectKey + "' failed (" + e.getMessage() + "); the upload was aborted "
                    + "and nothing was committed: retry the chunk", e);
        }
    }

    private static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static boolean transientState(String sqlState, Throwable e) {
        String state = sqlState == null ? "" : sqlState;
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException || state.startsWith("08")
                || state.equals("40001") || state.equals("40P01") || state.equals("57014") || state.equals("HYT00");
    }

    /** True when the object under the manifest's key is the one the manifest describes (size and ETag). */
    private boolean intact(ChunkManifest manifest, String objectKey) {
        if (!manifest.objectKey().equals(objectKey)) {
            return false;
        }
        return store.head(objectKey)
                .filter(info -> info.size() == manifest.bytes() && info.etag().equals(manifest.etag()))
                .isPresent();
    }

    /** The versions of a change tracking increment: after {@code lastSynced}, up to {@code captured}. */
    private record ChangeWindow(long lastSynced, long captured) {
    }

    private static boolean changeTracking(TableConfig table) {
        return table.watermark() != null && table.watermark().type() == WatermarkConfig.Type.CHANGE_TRACKING;
    }

    /** The plan's change tracking window: the last synced version and the version captured at planning. */
    private static ChangeWindow changeWindow(ChunkAssignment a, TableRef table, Chunk chunk, boolean changeTracking,
                                             String where) {
        WatermarkWindow window = a.plan().window();
        String problem = !changeTracking ? "tables[" + table + "].watermark is not changeTracking"
                : window == null || window.type() != WatermarkConfig.Type.CHANGE_TRACKING
                ? "the plan's window is not a change tracking window"
                : window.lowerExclusive() == null || window.upperInclusive() == null
                ? "the plan's window lacks the last synced or the captured version" : null;
        if (problem == null) {
            try {
                long last = Long.parseLong(window.lowerExclusive().value());
                long captured = Long.parseLong(window.upperInclusive().value());
                if (last <= captured) {
                    return new ChangeWindow(last, captured);
                }
                problem = "the plan's window (" + last + ", " + captured + "] is reversed";
            } catch (NumberFormatException e) {
                problem = "the plan's window bounds " + window.lowerExclusive() + " and " + window.upperInclusive()
                        + " are not change tracking versions";
            }
        }
        throw permanent(table, chunk, where + " is a change tracking chunk but " + problem + ": plan a new run of"
                + " the table", null);
    }

    /**
     * Reads the database's current and the table's minimum valid change tracking version and fails the chunk with
     * the fix when the window's changes can no longer be read ({@link WatermarkWindows#requireChangesReadable}).
     */
    private static void checkVersions(Connection c, SqlDialect dialect, ChunkRequest request, ChangeWindow window,
                                      Duration timeout, String where) throws SQLException {
        BoundSql versions = dialect.readings(request.table(), WatermarkConfig.Type.CHANGE_TRACKING, null, false);
        Long current = null;
        Long minValid = null;
        try (PreparedStatement ps = c.prepareStatement(versions.sql())) {
            ps.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toSeconds())));
            List<Object> params = versions.parameters();
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long v = rs.getLong("ct_current_version");
                    current = rs.wasNull() ? null : v;
                    v = rs.getLong("ct_min_valid_version");
                    minValid = rs.wasNull() ? null : v;
                }
            }
        }
        try {
            WatermarkWindows.requireChangesReadable(request.table().toString(), window.lastSynced(),
                    window.captured(), current, minValid);
        } catch (WatermarkException e) {
            throw new ExtractChunkException(ExtractChunkException.Kind.PERMANENT, request.table().toString(),
                    request.chunkId(), where + ": " + e.getMessage(), e);
        }
    }

    private static void checkPlan(ChunkAssignment a, TableRef table, String where) {
        ChunkPlan plan = a.plan();
        List<String> problems = new ArrayList<>();
        if (!a.source().name().equals(plan.source())) {
            problems.add("the plan is for source " + plan.source() + ", the assignment for " + a.source().name());
        }
        if (!Objects.equals(a.table().source(), a.source().name())) {
            problems.add("tables[" + a.table().table() + "].source is " + a.table().source());
        }
        if (!TableRef.parse(plan.table()).equals(table)) {
            problems.add("the plan is for table " + plan.table());
        }
        if (!a.schema().fingerprint().equals(plan.schemaFingerprint())) {
            problems.add("the schema fingerprint " + a.schema().fingerprint() + " is not the plan's "
                    + plan.schemaFingerprint());
        }
        if (!problems.isEmpty()) {
            throw new ExtractChunkException(ExtractChunkException.Kind.PERMANENT, table.toString(),
                    a.chunk().id(), where + ": the assignment does not match its plan: " + String.join("; ", problems)
                    + "; pass the plan, table and schema of the same run", null);
        }
    }

    private static List<ColumnMapping> map(TypeMapping mapping, TableConfig config, SourceTable described) {
        return mapping.map(described, config.columns());
    }

    private static SchemaDrift.Report checkDrift(ChunkAssignment a, TableRef table, Chunk chunk,
                                                 List<ColumnMapping> now, String where) {
        List<ColumnDescriptor> current = PlannedSchema.descriptors(now);
        SchemaPolicy policy = a.table().schemaPolicy() == null ? SchemaPolicy.FAIL : a.table().schemaPolicy();
        try {
            return SchemaDrift.compare(table.toString(), a.schema().columns(), current, policy);
        } catch (SchemaDriftException e) {
            throw permanent(table, chunk, where + ": the table changed since the run was planned: "
                    + e.getMessage(), e);
        }
    }

    private static List<String> keyColumns(ChunkAssignment a, SourceTable described, Chunk chunk, TableRef table,
                                           String where) {
        if (!chunk.range().columns().isEmpty()) {
            return chunk.range().columns();
        }
        List<String> pk = a.table().effectivePrimaryKey(described);
        if (pk.isEmpty()) {
            throw permanent(table, chunk, where + ": the chunk reads the whole table and the table has no primary "
                    + "key to record its key range by: set tables[" + table + "].primaryKey or splitColumn", null);
        }
        return pk;
    }

    private static ExtractChunkException permanent(TableRef table, Chunk chunk, String message, Throwable cause) {
        return new ExtractChunkException(ExtractChunkException.Kind.PERMANENT, table.toString(), chunk.id(), message,
                cause);
    }
}
