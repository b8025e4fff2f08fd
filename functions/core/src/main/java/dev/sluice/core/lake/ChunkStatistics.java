package dev.sluice.core.lake;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Accumulates what a chunk manifest records about the rows while they are written: the row count, nulls per column,
 * exact sums of the exact-numeric columns and the {@link RowHashDigest}. Columns are addressed by position for speed
 * (a chunk writer calls this once per value); memory is constant whatever the number of rows. Not thread-safe.
 *
 * <p>Only exact numeric columns (integers and decimals) are summed: a floating-point sum depends on the order of
 * addition, so Athena could not reproduce it exactly. Integer sums stay in a {@code long} until it would overflow,
 * then continue exactly in a {@link BigInteger}.
 */
public final class ChunkStatistics {

    private final List<String> columns;
    private final boolean[] summed;
    private final long[] nulls;
    private final long[] longSums;
    private final BigInteger[] overflow;
    private final BigDecimal[] decimalSums;
    private final RowHashDigest.Accumulator digest = new RowHashDigest.Accumulator();
    private long rows;

    /**
     * @param columns       every column of the chunk, in writer order
     * @param summedColumns the exact-numeric columns among them, whose sums the manifest records
     */
    public ChunkStatistics(List<String> columns, List<String> summedColumns) {
        this.columns = List.copyOf(columns);
        this.summed = new boolean[columns.size()];
        for (String column : summedColumns) {
            int index = this.columns.indexOf(column);
            if (index < 0) {
                throw new IllegalArgumentException("summed column '" + column + "' is not among the chunk's columns "
                        + this.columns);
            }
            summed[index] = true;
        }
        this.nulls = new long[columns.size()];
        this.longSums = new long[columns.size()];
        this.overflow = new BigInteger[columns.size()];
        this.decimalSums = new BigDecimal[columns.size()];
    }

    /** Counts one written row with its {@code _sluice_row_hash}. */
    public void row(long rowHash) {
        rows++;
        digest.add(rowHash);
    }

    /** Records a null in column {@code column}. */
    public void nullValue(int column) {
        nulls[column]++;
    }

    /** Adds an integer value of a summed column. */
    public void add(int column, long value) {
        requireSummed(column);
        long sum = longSums[column];
        long result = sum + value;
        if (((sum ^ result) & (value ^ result)) < 0) { // overflow: carry the long into the exact remainder
            overflow[column] = (overflow[column] == null ? BigInteger.ZERO : overflow[column])
                    .add(BigInteger.valueOf(sum)).add(BigInteger.valueOf(value));
            longSums[column] = 0;
        } else {
            longSums[column] = result;
        }
    }

    /** Adds a decimal (or big integer) value of a summed column. */
    public void add(int column, BigDecimal value) {
        requireSummed(column);
        Objects.requireNonNull(value, "use nullValue for nulls");
        decimalSums[column] = decimalSums[column] == null ? value : decimalSums[column].add(value);
    }

    private void requireSummed(int column) {
        if (!summed[column]) {
            throw new IllegalArgumentException("column '" + columns.get(column) + "' is not a summed column");
        }
    }

    public long rowCount() {
        return rows;
    }

    public RowHashDigest rowHashDigest() {
        return digest.result();
    }

    /** Nulls per column, every column listed (zero included), by name. */
    public SortedMap<String, Long> nullCounts() {
        SortedMap<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < columns.size(); i++) {
            counts.put(columns.get(i), nulls[i]);
        }
        return counts;
    }

    /** Exact sums of the summed columns as plain decimal strings, by name ({@code "0"} when all values are null). */
    public SortedMap<String, String> sums() {
        SortedMap<String, String> sums = new TreeMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!summed[i]) {
                continue;
            }
            BigDecimal total = new BigDecimal(BigInteger.valueOf(longSums[i])
                    .add(overflow[i] == null ? BigInteger.ZERO : overflow[i]));
            if (decimalSums[i] != null) {
                total = total.add(decimalSums[i]);
            }
            sums.put(columns.get(i), total.toPlainString());
        }
        return sums;
    }

    @Override
    public String toString() {
        return "ChunkStatistics[rows=" + rows + ", nulls=" + Arrays.toString(nulls) + ", sums=" + sums() + "]";
    }
}
