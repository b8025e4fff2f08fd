package dev.sluice.core.extract;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.util.Arrays;

/**
 * The rows of a chunk from PostgreSQL's binary COPY format ({@code COPY (SELECT ...) TO STDOUT (FORMAT binary)}):
 * the 11-byte signature, flags and header extension, then per row an int16 field count and per field an int32 length
 * (-1 for NULL) and that many bytes in the type's binary send form, and finally an int16 -1. Rows are parsed from one
 * reused buffer (a row is kept whole in it, so a failing value can name the row's key) and decoded column by column
 * into a {@link RowBatch} by the same column readers as the JDBC path.
 *
 * <p>A broken stream is reported as a {@link SQLException}, as the driver's own read failures are, so the chunk
 * fails with a source read failure that can be retried.
 */
final class BinaryCopyFeed implements ChunkExtractor.Feed {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private final InputStream in;
    private final ChunkRequest request;
    private final ChunkRowReader reader;
    private final int fields;
    private final int[] offsets;
    private final int[] lengths;
    private byte[] buffer = new byte[256 * 1024];
    private int position;
    private int limit;
    private boolean started;
    private boolean ended;
    private long readNanos;

    BinaryCopyFeed(ChunkRequest request, ChunkRowReader reader, InputStream in) {
        this.in = in;
        this.request = request;
        this.reader = reader;
        this.fields = reader.selectItems();
        this.offsets = new int[fields];
        this.lengths = new int[fields];
    }

    @Override
    public boolean fill(RowBatch batch) throws SQLException {
        if (!started) {
            header();
            started = true;
        }
        while (!ended && !batch.full()) {
            int start = position;
            require(start, 2);
            start = position;
            int count = ColumnReader.int16(buffer, start);
            if (count == -1) {
                position = start + 2;
                ended = true;
                drain();
                break;
            }
            if (count != fields) {
                throw protocol("a row has " + count + " fields where the select list has " + fields);
            }
            int at = 2;
            for (int i = 0; i < fields; i++) {
                require(start, at + 4);
                start = position;
                int length = ColumnReader.int32(buffer, start + at);
                at += 4;
                offsets[i] = at;
                lengths[i] = length;
                if (length > 0) {
                    require(start, at + length);
                    start = position;
                    at += length;
                } else if (length < -1) {
                    throw protocol("a field has length " + length);
                }
            }
            int r = batch.size;
            batch.row = r;
            long hash = reader.decodeRow(buffer, start, offsets, lengths, batch);
            batch.rowHash[r] = hash;
            reader.countRow(hash);
            batch.size = r + 1;
            position = start + at;
        }
        return !ended;
    }

    @Override
    public long readNanos() {
        return readNanos;
    }

    private void header() throws SQLException {
        require(position, SIGNATURE.length + 8);
        if (!Arrays.equals(buffer, position, position + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw protocol("the stream does not start with the binary COPY signature");
        }
        int extension = ColumnReader.int32(buffer, position + SIGNATURE.length + 4);
        require(position, SIGNATURE.length + 8 + extension);
        position += SIGNATURE.length + 8 + extension;
    }

    /**
     * Makes {@code needed} bytes from {@code rowStart} available; the row may move to the front of the buffer, and
     * {@link #position} is then its new start (callers re-read it).
     */
    private void require(int rowStart, int needed) throws SQLException {
        position = rowStart;
        if (rowStart + needed <= limit) {
            return;
        }
        if (rowStart > 0) {
            System.arraycopy(buffer, rowStart, buffer, 0, limit - rowStart);
            limit -= rowStart;
            position = 0;
        }
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
        while (limit < needed) {
            int n = read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                throw new SQLRecoverableException("the binary COPY stream of chunk " + request.chunkId() + " of "
                        + request.table() + " ended inside a row", "08006");
            }
            limit += n;
        }
    }

    /** Reads past the trailer to the end of the stream, so the COPY is known to have completed. */
    private void drain() throws SQLException {
        byte[] rest = new byte[512];
        while (read(rest, 0, rest.length) >= 0) {
            // nothing follows the trailer in a well-formed stream; anything is skipped
        }
    }

    private int read(byte[] into, int offset, int length) throws SQLException {
        long before = System.nanoTime();
        try {
            return in.read(into, offset, length);
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLRecoverableException("reading the binary COPY stream failed: " + e.getMessage(), "08006", e);
        } finally {
            readNanos += System.nanoTime() - before;
        }
    }

    private SQLException protocol(String problem) {
        return new SQLNonTransientException("the binary COPY stream of chunk " + request.chunkId() + " of "
                + request.table() + " is not what its select list renders: " + problem
                + "; report this as a Sluice bug (the JDBC read does not use COPY)");
    }
}
