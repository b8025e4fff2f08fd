package dev.sluice.core.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.lake.ChunkStatistics;
import dev.sluice.core.lake.LakeOutputFile;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;

/**
 * Extracts one chunk: reads a forward-only {@code ResultSet} (its query, fetch size and transaction are the
 * caller's; PostgreSQL streams only with auto-commit off and a fetch size) to its end and writes every row as
 * Parquet to an {@link OutputFile} — the lake's {@link LakeOutputFile} in production — in one pass, returning the
 * chunk's statistics and timings. Memory is one row group plus the driver's fetch buffer, whatever the chunk size.
 *
 * <p>On failure nothing is committed: a {@link LakeOutputFile} is aborted before the writer is closed (closing would
 * complete the upload), so no object appears under the chunk's key. Any other output file is left as the caller's
 * to discard. Failures: {@link ChunkValueException} (a value the mapping cannot carry: permanent, needs a policy),
 * {@link SourceReadException} (the source read broke: retry the chunk), {@link IOException} (writing failed: retry).
 *
 * <p>Reading and encoding run on one thread: the driver's getters and Parquet's encoders are both CPU work on
 * data already in memory, and a hand-off would add copies; the split of time is reported so this can be revisited
 * with measurements.
 */
public final class ChunkExtractor {

    private final ChunkWriterSettings settings;
    private final Clock clock;

    public ChunkExtractor(ChunkWriterSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ChunkExtraction extract(ChunkRequest request, ResultSet rows, OutputFile file) throws IOException {
        Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long extractedAt = startedAt.getEpochSecond() * 1_000_000L + startedAt.getNano() / 1_000;
        ChunkRowReader reader = new ChunkRowReader(request, true);
        try {
            reader.checkSelectList(rows.getMetaData());
        } catch (SQLException e) {
            throw new SourceReadException("reading the select list of chunk " + request.chunkId() + " of "
                    + request.table() + " failed: " + e.getMessage(), e);
        }
        ChunkWriteSupport support = new ChunkWriteSupport(request, reader, extractedAt);
        long begin = System.nanoTime();
        long readNanos = 0;
        JsonNode keyMin = null;
        ParquetWriter<ResultSet> writer = new Builder(file, support)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(settings.compression())
                .withRowGroupSize(settings.rowGroupBytes())
                .withPageSize(settings.pageBytes())
                .withDictionaryPageSize(settings.pageBytes())
                .withDictionaryEncoding(settings.dictionary())
                .withValidation(false)
                .build();
        try {
            while (true) {
                long before = System.nanoTime();
                boolean more = rows.next();
                readNanos += System.nanoTime() - before;
                if (!more) {
                    break;
                }
                writer.write(rows);
                if (keyMin == null) {
                    keyMin = reader.lastKey();
                }
            }
        } catch (SQLException e) {
            abort(file, writer, e);
            throw new SourceReadException("reading chunk " + request.chunkId() + " of " + request.table()
                    + " failed after " + support.rows() + " rows: " + e.getMessage(), e);
        } catch (RuntimeException | IOException | Error e) {
            abort(file, writer, e);
            throw e;
        }
        writer.close();
        long writeNanos = System.nanoTime() - begin - readNanos;
        ChunkStatistics statistics = reader.statistics();
        return new ChunkExtraction(request.table().toString(), request.runId(), request.chunkId(), statistics,
                keyMin, statistics.rowCount() == 0 ? null : reader.lastKey(), reader.floatSums(), startedAt,
                readNanos, writeNanos);
    }

    /** Aborts a lake upload first, then closes the writer to release its buffers and codecs. */
    private static void abort(OutputFile file, ParquetWriter<ResultSet> writer, Throwable failure) {
        if (file instanceof LakeOutputFile lake) {
            try {
                lake.abort();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            if (!(file instanceof LakeOutputFile)) {
                failure.addSuppressed(e);
            }
        }
    }

    private static final class Builder extends ParquetWriter.Builder<ResultSet, Builder> {
        private final ChunkWriteSupport support;

        Builder(OutputFile file, ChunkWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ResultSet> getWriteSupport(Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<ResultSet> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
            return support;
        }
    }
}
