package dev.sluice.core.lake;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The order-independent digest of a set of rows' 64-bit {@code _sluice_row_hash} values, recorded per chunk and per
 * run and recomputed by Athena over the run's partition.
 *
 * <ul>
 *   <li>{@code count}: the number of hashes (rows).</li>
 *   <li>{@code sum}: the exact sum of the hashes read as signed 64-bit integers, as a decimal string. It is not
 *       reduced mod 2^64: Athena/Trino computes it as {@code sum(CAST(h AS DECIMAL(38,0)))} and DuckDB as
 *       {@code sum(h::HUGEINT)}, both exact (38 digits hold 2^63 times more rows than any table has), and an exact
 *       sum never wraps.</li>
 *   <li>{@code xor}: the bitwise XOR of the hashes, 16 lower-case hex digits ({@code bit_xor} in DuckDB,
 *       {@code bitwise_xor_agg} in Trino versions that have it; any engine can compute it bit by bit as the parity
 *       of {@code count_if(bitwise_and(h, 2^b) <> 0)} for b in 0..63).</li>
 * </ul>
 * Addition and XOR are commutative and associative, so the digest does not depend on the order rows were read or
 * written in, and chunk digests merge into a run digest. XOR alone cancels duplicates (a row present twice vanishes,
 * as if both copies were missing); the sum does not cancel (a duplicate adds its hash again) and the count catches
 * any change in the number of rows, so a duplicated, missing or altered row changes at least two of the three.
 * A different multiset of rows matches only if it has the same count and collides in both the sum and the XOR,
 * which for independent 64-bit hashes has probability about 2^-64 per comparison; the re-read sample of keys
 * compared by row hash covers what a digest cannot localize.
 */
@JsonPropertyOrder({"count", "sum", "xor"})
public record RowHashDigest(long count, String sum, String xor) {

    /** The digest of no rows. */
    public static final RowHashDigest EMPTY = new RowHashDigest(0, "0", "0000000000000000");

    public RowHashDigest {
        if (count < 0) {
            throw new IllegalArgumentException("row hash digest count " + count + " is negative");
        }
        new BigInteger(Objects.requireNonNull(sum, "sum"));
        if (Objects.requireNonNull(xor, "xor").length() != 16) {
            throw new IllegalArgumentException("row hash digest xor '" + xor + "' is not 16 hex digits");
        }
        HexFormat.fromHexDigits(xor.substring(0, 8));
        HexFormat.fromHexDigits(xor.substring(8));
    }

    /** This digest combined with {@code other} (the digest of the union of both sets of rows). */
    public RowHashDigest merge(RowHashDigest other) {
        return new RowHashDigest(Math.addExact(count, other.count),
                new BigInteger(sum).add(new BigInteger(other.sum)).toString(),
                HexFormat.of().toHexDigits(xorValue() ^ other.xorValue()));
    }

    @JsonIgnore
    long xorValue() {
        return HexFormat.fromHexDigitsToLong(xor);
    }

    /** Accumulates row hashes while a chunk is written; constant memory. Not thread-safe. */
    public static final class Accumulator {
        private long count;
        private long xor;
        // Two longs hold the exact sum: high * 2^64 + low (unsigned), carried as rows are added.
        private long high;
        private long low;

        public void add(long rowHash) {
            count++;
            xor ^= rowHash;
            long previous = low;
            low += rowHash;
            // carry of the unsigned addition, plus the sign extension of the signed addend
            if (Long.compareUnsigned(low, previous) < 0) {
                high++;
            }
            if (rowHash < 0) {
                high--;
            }
        }

        public RowHashDigest result() {
            BigInteger sum = BigInteger.valueOf(high).shiftLeft(64)
                    .add(new BigInteger(Long.toUnsignedString(low)));
            return new RowHashDigest(count, sum.toString(), HexFormat.of().toHexDigits(xor));
        }
    }
}
