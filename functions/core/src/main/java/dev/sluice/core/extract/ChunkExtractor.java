package dev.sluice.core.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.lake.ChunkStatistics;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.types.LakeColumn;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * <p>Reading and encoding run on two threads: the calling thread reads rows (driver getters or the binary COPY
 * decoder), converts, hashes and counts them into {@link RowBatch}es of primitive arrays; a second thread encodes
 * those batches into Parquet, compresses and uploads. A profile of the one-thread writer showed the two halves of
 * similar weight, so on two cores the split nearly doubles throughput; the hand-off is {@link #BATCHES} reused
 * batches, so memory stays constant.
 */
public final class ChunkExtractor {

    private final ChunkWriterSettings settings;
    private final Clock clock;

    public ChunkExtractor(ChunkWriterSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ChunkExtraction extract(ChunkRequest request, ResultSet rows, OutputFile file) throws IOException {
        ChunkRowReader reader = new ChunkRowReader(request, true);
        try {
            reader.checkSelectList(rows.getMetaData());
        } catch (SQLException e) {
            throw new SourceReadException("reading the select list of chunk " + request.chunkId() + " of "
                    + request.table() + " failed: " + e.getMessage(), e);
        }
        return run(request, reader, file, new ResultSetFeed(request, reader, rows));
    }

    /**
     * True when every column of {@code request} can be read from PostgreSQL's binary COPY stream with exactly the
     * values, row hashes and statistics of the JDBC read: PostgreSQL int2/4/8, numeric, text/varchar/bpchar/json,
     * date, timestamp, timestamptz, bool, float4/8, bytea and uuid, selected as they are. Other types (arrays,
     * intervals, jsonb, projections) and Change Tracking reads go through JDBC.
     */
    public static boolean readsBinaryCopy(ChunkRequest request) {
        return new ChunkRowReader(request, false).decodesBinaryCopy();
    }

    /**
     * Extracts one chunk from a PostgreSQL binary COPY stream ({@code COPY (<the chunk's select>) TO STDOUT (FORMAT
     * binary)}, fields in the order {@link ChunkRequest} describes), which must be whole: its trailer is checked. Only
     * for a request that {@link #readsBinaryCopy}; the Parquet object, statistics and key bounds are those the JDBC
     * read of the same rows gives. The caller opens and closes the stream (closing it early cancels the COPY).
     */
    public ChunkExtraction extract(ChunkRequest request, InputStream binaryCopy, OutputFile file) throws IOException {
        ChunkRowReader reader = new ChunkRowReader(request, true);
        if (!reader.decodesBinaryCopy()) {
            throw new IllegalArgumentException("chunk " + request.chunkId() + " of " + request.table() + " has "
                    + "columns the binary COPY decoder does not read; check readsBinaryCopy and read it over JDBC");
        }
        return run(request, reader, file, new BinaryCopyFeed(request, reader, binaryCopy));
    }

    /** The reading side of a chunk: fills batches with converted rows, hashing and counting them as they pass. */
    interface Feed {
        /**
         * Appends rows to {@code batch} until it is {@link RowBatch#full() full} or the rows end; false at the end.
         * Each row's hash is in {@link RowBatch#rowHash} and counted in the reader's statistics.
         */
        boolean fill(RowBatch batch) throws SQLException, IOException;

        /** Nanoseconds spent waiting for the source (fetching rows), so far. */
        long readNanos();
    }

    /**
     * Reads on the calling thread (which owns the connection) and encodes on a second thread, with a bounded
     * hand-off of {@link #BATCHES} reused batches between them. Either side failing stops both; the upload is then
     * aborted before the writer is closed.
     */
    ChunkExtraction run(ChunkRequest request, ChunkRowReader reader, OutputFile file, Feed feed) throws IOException {
        Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long extractedAt = startedAt.getEpochSecond() * 1_000_000L + startedAt.getNano() / 1_000;
        long begin = System.nanoTime();
        JsonNode keyMin = null;
        ChunkParquetWriter writer = new ChunkParquetWriter(request, reader.sourceFields(), extractedAt, settings,
                file);
        Encoder encoder = new Encoder(writer, reader.sourceLakeColumns(), request.changeTracking());
        Thread thread = Thread.ofPlatform().daemon().name("sluice-encode-" + request.chunkId()).start(encoder);
        try {
            boolean more = true;
            while (more) {
                RowBatch batch = encoder.free(thread);
                if (batch == null) {
                    break; // the encoder failed: stop reading, its failure is thrown below
                }
                more = feed.fill(batch);
                if (keyMin == null && batch.size > 0) {
                    keyMin = reader.firstKey();
                }
                encoder.hand(batch);
            }
            encoder.finish(thread);
        } catch (SQLException e) {
            encoder.stop(thread, e);
            abort(file, writer, e);
            throw new SourceReadException("reading chunk " + request.chunkId() + " of " + request.table()
                    + " failed after " + reader.statistics().rowCount() + " rows: " + e.getMessage(), e);
        } catch (RuntimeException | IOException | Error e) {
            encoder.stop(thread, e);
            abort(file, writer, e);
            throw e;
        }
        if (encoder.failure != null) {
            abort(file, writer, encoder.failure);
            throw rethrow(encoder.failure);
        }
        try {
            writer.close(); // the last row group and the footer; completes a lake upload
        } catch (IOException | RuntimeException | Error e) {
            abort(file, writer, e); // a lake upload that failed to complete has aborted itself; anything else is
            throw e;                // aborted here, so no failure leaves an upload open
        }
        long readNanos = feed.readNanos();
        long writeNanos = System.nanoTime() - begin - readNanos;
        ChunkStatistics statistics = reader.statistics();
        return new ChunkExtraction(request.table().toString(), request.runId(), request.chunkId(), statistics,
                keyMin, statistics.rowCount() == 0 ? null : reader.lastKey(), reader.floatSums(), startedAt,
                readNanos, writeNanos);
    }

    /** Batches in flight: one being filled, one being encoded, one ready, so neither thread waits on a hand-off. */
    static final int BATCHES = 3;

    /** The encoding thread: takes filled batches, writes their rows to Parquet, returns them empty. */
    private static final class Encoder implements Runnable {
        private final RowBatch end;
        private final ChunkParquetWriter writer;
        private final BlockingQueue<RowBatch> filled = new LinkedBlockingQueue<>();
        private final BlockingQueue<RowBatch> empty = new LinkedBlockingQueue<>();
        private volatile Throwable failure;

        Encoder(ChunkParquetWriter writer, List<LakeColumn> columns, boolean changeTracking) {
            this.writer = writer;
            this.end = new RowBatch(List.of(), false);
            for (int i = 0; i < BATCHES; i++) {
                empty.add(new RowBatch(columns, changeTracking));
            }
        }

        @Override
        public void run() {
            try {
                while (true) {
                    RowBatch batch = filled.take();
                    if (batch == end) {
                        return;
                    }
                    if (failure == null) {
                        try {
                            writer.write(batch);
                        } catch (Throwable e) {
                            failure = e; // keep draining, so the reader never waits for a batch that cannot come
                        }
                    }
                    batch.reset();
                    empty.add(batch);
                }
            } catch (InterruptedException e) {
                failure = failure != null ? failure : new InterruptedIOException("the Parquet encoder was interrupted");
            }
        }

        /** An empty batch to fill, or null once the encoder has failed. */
        RowBatch free(Thread thread) throws IOException {
            try {
                while (failure == null) {
                    RowBatch batch = empty.poll(100, TimeUnit.MILLISECONDS);
                    if (batch != null) {
                        return batch;
                    }
                    if (!thread.isAlive() && failure == null) {
                        throw new IllegalStateException("the Parquet encoder of the chunk stopped without a failure");
                    }
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the Parquet encoder");
            }
        }

        void hand(RowBatch batch) {
            filled.add(batch);
        }

        /** Ends the rows and waits until every batch is encoded. */
        void finish(Thread thread) throws IOException {
            filled.add(end);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the Parquet encoder");
            }
        }

        /** Stops the encoder after a reading failure; it stops touching the writer before this returns. */
        void stop(Thread thread, Throwable cause) {
            failure = failure != null ? failure : cause;
            filled.add(end);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cause.addSuppressed(e);
            }
        }
    }

    private static IOException rethrow(Throwable failure) {
        if (failure instanceof IOException e) {
            return e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new IOException("encoding Parquet failed: " + failure.getMessage(), failure);
    }

    /** Rows of a forward-only {@code ResultSet}, read with the column readers' primitive getters. */
    private static final class ResultSetFeed implements Feed {
        private final ChunkRowReader reader;
        private final ResultSet rows;
        private final ChunkRequest request;
        private final boolean changeTracking;
        private long readNanos;

        ResultSetFeed(ChunkRequest request, ChunkRowReader reader, ResultSet rows) {
            this.reader = reader;
            this.rows = rows;
            this.changeTracking = request.changeTracking();
            this.request = request;
        }

        @Override
        public boolean fill(RowBatch batch) throws SQLException {
            while (!batch.full()) {
                long before = System.nanoTime();
                boolean more = rows.next();
                readNanos += System.nanoTime() - before;
                if (!more) {
                    return false;
                }
                int r = batch.size;
                batch.row = r;
                long hash = reader.readRow(rows, batch);
                batch.rowHash[r] = hash;
                if (changeTracking) {
                    batch.operation[r] = ChunkParquetWriter.operation(request, reader, rows);
                }
                reader.countRow(hash);
                batch.size = r + 1;
            }
            return true;
        }

        @Override
        public long readNanos() {
            return readNanos;
        }
    }

    /** Aborts a lake upload first, then the writer, releasing its buffers and codecs without finishing the file. */
    private static void abort(OutputFile file, ChunkParquetWriter writer, Throwable failure) {
        if (file instanceof LakeOutputFile lake) {
            try {
                lake.abort();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        writer.abort();
    }
}
