package dev.sluice.local.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.extract.ChunkExtraction;
import dev.sluice.core.extract.ChunkExtractor;
import dev.sluice.core.extract.ChunkRequest;
import dev.sluice.core.extract.ChunkValueException;
import dev.sluice.core.extract.ChunkWriterSettings;
import dev.sluice.core.extract.CountingOutputFile;
import dev.sluice.core.extract.SourceReadException;
import dev.sluice.core.extract.chunk.ChunkProjections;
import dev.sluice.core.plan.Chunk;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.source.BoundSql;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.SqlDialect;
import dev.sluice.core.source.TableRef;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * What {@code sluice plan} measures on one sample chunk: the first range chunk of the plan (the whole table when the
 * next run has no range chunk), at most {@code maxRows} rows, extracted with the core {@link ChunkExtractor} exactly
 * as ExtractChunk would (same projections, session settings, isolation, Parquet layout) into a sink that only
 * counts bytes. Nothing is written to the lake.
 *
 * @param chunkId          the sampled chunk, or {@code whole-table}
 * @param rows             rows extracted
 * @param parquetBytes     the Parquet file's size
 * @param rawBytesEstimate {@code rows * the source's average row bytes}: what those rows weigh at the source
 * @param rowsPerSecond    rows a second of the extraction (read, convert, hash, encode, compress) on this machine
 * @param millis           how long the extraction took
 */
@JsonPropertyOrder({"chunkId", "rows", "parquetBytes", "rawBytesEstimate", "compressionRatio", "rowsPerSecond",
        "millis"})
record SampleChunk(String chunkId, long rows, long parquetBytes, long rawBytesEstimate, double rowsPerSecond,
                   long millis) {

    static final int DEFAULT_ROWS = 50_000;

    /** Source bytes per Parquet byte; 0 when nothing was sampled. */
    @JsonProperty
    public double compressionRatio() {
        return parquetBytes == 0 ? 0 : (double) rawBytesEstimate / parquetBytes;
    }

    /**
     * Extracts the sample of {@code plan}'s table.
     *
     * @throws CommandFailure naming the table and chunk when the source read or a value fails
     */
    static SampleChunk measure(TablePlan plan, SourceSessions.OpenSource source,
                               JdbcSource.ConnectionFactory connections, LakeConfig lake, int maxRows) {
        TableRef table = TableRef.parse(plan.table().table());
        ChunkPlan chunks = plan.chunkPlan();
        Chunk first = chunks.chunks().stream().filter(c -> c.kind() == Chunk.Kind.RANGE).findFirst().orElse(null);
        List<String> keyColumns = first != null && !first.range().columns().isEmpty() ? first.range().columns()
                : !chunks.splitColumns().isEmpty() ? chunks.splitColumns() : plan.described().primaryKey();
        KeyRange range = first == null ? KeyRange.wholeTable() : first.range();
        String chunkId = first == null ? "whole-table" : first.id();
        String where = "the sample chunk " + chunkId + " of " + table;

        SourceConfig config = source.config();
        SqlDialect dialect = source.jdbc().dialect();
        IsolationLevel isolation = config.isolation() == null ? IsolationLevel.READ_COMMITTED : config.isolation();
        BoundSql sql = dialect.rangeRead(table, ChunkProjections.of(dialect, plan.typeFidelity().mappings()), range,
                isolation == IsolationLevel.READ_UNCOMMITTED);
        ChunkRequest request;
        try {
            request = new ChunkRequest(table, chunks.runId(), chunkId, plan.typeFidelity().mappings(), keyColumns);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput(where + " cannot be read: " + e.getMessage());
        }
        CountingOutputFile sink = new CountingOutputFile();
        long started = System.nanoTime();
        try (Connection c = connections.open()) {
            try (Statement s = c.createStatement()) {
                s.execute(dialect.isolationStatement(isolation));
                for (String statement : ChunkProjections.sessionStatements(config.engine())) {
                    s.execute(statement);
                }
            }
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql.sql(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                ps.setMaxRows(maxRows);
                ps.setFetchSize(Math.min(maxRows, config.fetchSize() > 0 ? config.fetchSize() : 10_000));
                List<Object> parameters = sql.parameters();
                for (int i = 0; i < parameters.size(); i++) {
                    ps.setObject(i + 1, parameters.get(i));
                }
                ChunkExtraction extraction;
                try (ResultSet rs = ps.executeQuery()) {
                    extraction = new ChunkExtractor(ChunkWriterSettings.defaults(lake.codec()), Clock.systemUTC())
                            .extract(request, rs, sink);
                }
                c.rollback();
                long rows = extraction.statistics().rowCount();
                return new SampleChunk(chunkId, rows, sink.size(), rows * plan.described().averageRowBytes(),
                        extraction.rowsPerSecond(), (System.nanoTime() - started) / 1_000_000);
            }
        } catch (ChunkValueException e) {
            throw CommandFailure.badInput(where + ": " + SourceFailures.oneLine(e.getMessage()), e);
        } catch (SourceReadException | SQLException e) {
            throw CommandFailure.failed(where + " could not be read: " + SourceFailures.oneLine(e.getMessage())
                    + "; rerun the plan, or check the source's grants on the table", e);
        } catch (IOException e) {
            throw CommandFailure.failed(where + " could not be encoded as Parquet: " + e.getMessage(), e);
        }
    }
}
