package dev.sluice.core.extract;

import dev.sluice.core.types.LakeColumn;
import dev.sluice.core.types.PhysicalType;
import java.util.Arrays;
import java.util.List;

/**
 * A block of a chunk's rows already converted to their lake values, column by column in primitive arrays: what the
 * reading thread hands to the Parquet writing thread. Fixed-width values (integers, dates, timestamps, booleans,
 * IEEE bits) sit in a {@code long[]} per lake column; text, bytes and fixed-length decimals in one growing byte heap
 * per column with offsets. A batch is filled, written, reset and filled again: nothing is allocated per row, and a
 * chunk's memory is the few batches in flight whatever its size.
 */
final class RowBatch {

    /** Rows per batch: big enough to amortise the hand-off, small enough to keep both threads busy. */
    static final int CAPACITY = 4096;

    final Field[] fields;
    /** Each row's {@code _sluice_row_hash}. */
    final long[] rowHash;
    /** Each row's Change Tracking operation ({@code I}, {@code U}, {@code D}), when the read has one. */
    final byte[] operation;
    /** Rows filled. */
    int size;
    /** The row being filled by the reader. */
    int row;

    /** A batch for the source lake columns {@code columns} (in Parquet field order). */
    RowBatch(List<LakeColumn> columns, boolean changeTracking) {
        this.fields = new Field[columns.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = new Field(columns.get(i).name(), columns.get(i).parquet().physical());
        }
        this.rowHash = new long[CAPACITY];
        this.operation = changeTracking ? new byte[CAPACITY] : null;
    }

    /** Bytes of text and binary values a batch holds before it is handed over, however few its rows. */
    static final int HEAP_LIMIT = 8 * 1024 * 1024;

    /** True when no further row fits: {@link #CAPACITY} rows, or {@link #HEAP_LIMIT} bytes of variable values. */
    boolean full() {
        if (size == CAPACITY) {
            return true;
        }
        long heap = 0;
        for (Field f : fields) {
            heap += f.heapUsed;
        }
        return heap >= HEAP_LIMIT;
    }

    /** Empties the batch for refilling (keeps its arrays). */
    void reset() {
        for (Field f : fields) {
            Arrays.fill(f.present, 0, size, false);
            f.heapUsed = 0;
        }
        size = 0;
        row = 0;
    }

    /** One lake column's values in a batch; a row without {@link #present} is NULL (every source field is OPTIONAL). */
    static final class Field {
        final String name;
        final PhysicalType physical;
        final boolean[] present = new boolean[CAPACITY];
        /** INT32/INT64 values, booleans as 0/1, FLOAT/DOUBLE as raw IEEE bits. */
        final long[] longs;
        /** BINARY/FIXED_LEN_BYTE_ARRAY values: {@code heap[offset[r] .. offset[r] + length[r])}. */
        final int[] offset;
        final int[] length;
        byte[] heap;
        int heapUsed;

        Field(String name, PhysicalType physical) {
            this.name = name;
            this.physical = physical;
            boolean bytes = physical == PhysicalType.BINARY || physical == PhysicalType.FIXED_LEN_BYTE_ARRAY;
            this.longs = bytes ? null : new long[CAPACITY];
            this.offset = bytes ? new int[CAPACITY] : null;
            this.length = bytes ? new int[CAPACITY] : null;
            this.heap = bytes ? new byte[64 * 1024] : null;
        }

        void putLong(int row, long value) {
            longs[row] = value;
            present[row] = true;
        }

        void putBytes(int row, byte[] source, int from, int count) {
            int at = heapUsed;
            if (heap.length - at < count) {
                long wanted = Math.max((long) heap.length * 2, (long) at + count);
                heap = Arrays.copyOf(heap, Math.toIntExact(Math.min(wanted, Integer.MAX_VALUE - 8)));
            }
            System.arraycopy(source, from, heap, at, count);
            offset[row] = at;
            length[row] = count;
            heapUsed = at + count;
            present[row] = true;
        }
    }
}
