package dev.sluice.core.extract;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The 64-bit row hash stored in {@code _sluice_row_hash}: XXH64 (seed 0) of a canonical byte encoding of one row's
 * values, as carried to the lake, column by column in select-list (ordinal) order. {@code docs/ROW_HASH.md} defines
 * the encoding precisely enough to recompute it in Python or SQL; this class is that definition in code.
 *
 * <p>Feed a row with {@link #beginRow()}, one call per source column (a value method or {@link #nullValue}), then
 * {@link #endRow()}. The row's encoding is laid out in one reused buffer and hashed in one pass at the end of the row
 * ({@link Xxh64#hash(byte[], int, int)}), which costs far less than streaming it into the hash a byte at a time.
 * Nothing is allocated per row. The chunk writer feeds it while writing Parquet; the source sample
 * check feeds it through {@link SourceRowHasher} from a re-read row, and gets the same hash for the same source row.
 * Not thread-safe: one instance per writer.
 */
public final class RowHasher {

    /** The version of the canonical encoding; it is the first byte of every row's encoding. */
    public static final byte VERSION = 1;

    /** Integers of any width (tinyint, smallint, int, bigint, rowversion): 8 bytes, big-endian, signed. */
    public static final byte INTEGER = 'I';
    /** Booleans: one byte, 0 or 1. */
    public static final byte BOOLEAN = 'B';
    /** float/real/double: the 8 bytes of the IEEE 754 double (float widened exactly); see {@link #floating}. */
    public static final byte FLOATING = 'F';
    /** Decimals: 4-byte scale, 4-byte length n, n bytes of the unscaled value's minimal two's complement. */
    public static final byte DECIMAL = 'N';
    /** Text (also JSON, uuid text, interval text): 4-byte length n, n bytes of UTF-8. */
    public static final byte STRING = 'S';
    /** Bytes: 4-byte length n, the n bytes. */
    public static final byte BINARY = 'X';
    /** Dates: 8 bytes, days since 1970-01-01 (proleptic Gregorian), signed. */
    public static final byte DATE = 'D';
    /** Time of day: 8 bytes, microseconds after midnight. */
    public static final byte TIME = 'T';
    /** Time of day with offset (timetz): 8 bytes UTC microseconds after midnight, 4 bytes offset minutes. */
    public static final byte TIME_WITH_OFFSET = 'U';
    /** Local date-time: 8 bytes, microseconds since 1970-01-01T00:00 of the wall clock. */
    public static final byte LOCAL_TIMESTAMP = 'L';
    /** Instant (timestamptz): 8 bytes, microseconds since 1970-01-01T00:00Z. */
    public static final byte INSTANT = 'Z';
    /** Instant with its written offset (datetimeoffset): 8 bytes UTC microseconds, 4 bytes offset minutes. */
    public static final byte INSTANT_WITH_OFFSET = 'O';
    /** sql_variant: 4-byte length + UTF-8 of the value text, then 4-byte length + UTF-8 of the base type name. */
    public static final byte VARIANT = 'V';

    private static final byte NULL = 0;
    private static final byte PRESENT = 1;
    private static final long CANONICAL_NAN = 0x7FF8000000000000L;

    private static final java.lang.invoke.VarHandle BE32 = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle BE64 = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    /** A buffer grown for a row of large values is given back at the next row beyond this size. */
    private static final int KEPT_BUFFER = 1 << 20;

    /** The current row's canonical encoding, {@code row[0..length)}. */
    private byte[] row = new byte[512];
    private int length;
    private final Encoding xxh = new Encoding();

    /** Starts a row. */
    public void beginRow() {
        if (row.length > KEPT_BUFFER) {
            row = new byte[512];
        }
        length = 0;
        xxh.update(VERSION);
    }

    /** The hash of the row fed since {@link #beginRow()}. */
    public long endRow() {
        return Xxh64.hash(row, 0, length);
    }

    private void ensure(int more) {
        if (row.length - length < more) {
            row = java.util.Arrays.copyOf(row, Math.toIntExact(Math.max(2L * row.length, (long) length + more)));
        }
    }

    /** Appends to the row's encoding (named after the hash's streaming API it replaced). */
    private final class Encoding {
        void update(byte b) {
            ensure(1);
            row[length++] = b;
        }

        void updateIntBigEndian(int v) {
            ensure(4);
            BE32.set(row, length, v);
            length += 4;
        }

        void updateLongBigEndian(long v) {
            ensure(8);
            BE64.set(row, length, v);
            length += 8;
        }

        void update(byte[] data, int offset, int count) {
            ensure(count);
            System.arraycopy(data, offset, row, length, count);
            length += count;
        }
    }

    /** A NULL of a column whose values carry {@code tag}. */
    public void nullValue(byte tag) {
        ensure(2);
        row[length] = tag;
        row[length + 1] = NULL;
        length += 2;
    }

    public void integer(long value) {
        present(INTEGER);
        xxh.updateLongBigEndian(value);
    }

    public void bool(boolean value) {
        present(BOOLEAN);
        xxh.update(value ? (byte) 1 : (byte) 0);
    }

    /**
     * A double, or a float widened to double (exact). Every NaN is encoded as {@code 0x7FF8000000000000}; -0.0 keeps
     * its sign bit ({@code 0x8000000000000000}) and so hashes differently from 0.0, as the lake keeps the bits.
     */
    public void floating(double value) {
        present(FLOATING);
        xxh.updateLongBigEndian(Double.isNaN(value) ? CANONICAL_NAN : Double.doubleToRawLongBits(value));
    }

    /** A decimal whose unscaled value fits a long. */
    public void decimal(int scale, long unscaled) {
        present(DECIMAL);
        xxh.updateIntBigEndian(scale);
        long magnitudeBits = 64 - Long.numberOfLeadingZeros(unscaled ^ (unscaled >> 63)); // BigInteger.bitLength()
        int count = (int) (magnitudeBits / 8) + 1;
        xxh.updateIntBigEndian(count);
        ensure(count);
        for (int i = count - 1; i >= 0; i--) {
            row[length++] = (byte) (unscaled >> (i * 8));
        }
    }

    /** A decimal: {@code unscaled} × 10^-scale. */
    public void decimal(int scale, BigInteger unscaled) {
        if (unscaled.bitLength() < 64) {
            decimal(scale, unscaled.longValue());
            return;
        }
        present(DECIMAL);
        xxh.updateIntBigEndian(scale);
        byte[] bytes = unscaled.toByteArray();
        xxh.updateIntBigEndian(bytes.length);
        xxh.update(bytes, 0, bytes.length);
    }

    /** Text already encoded as UTF-8 in {@code utf8[0..length)}. */
    public void string(byte[] utf8, int length) {
        string(utf8, 0, length);
    }

    /** Text already encoded as UTF-8 in {@code utf8[offset..offset+length)}. */
    public void string(byte[] utf8, int offset, int length) {
        present(STRING);
        xxh.updateIntBigEndian(length);
        xxh.update(utf8, offset, length);
    }

    /** Text (allocates its UTF-8 bytes; the writer uses {@link #string(byte[], int)}). */
    public void string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        string(utf8, utf8.length);
    }

    public void binary(byte[] value, int offset, int length) {
        present(BINARY);
        xxh.updateIntBigEndian(length);
        xxh.update(value, offset, length);
    }

    public void date(long epochDay) {
        present(DATE);
        xxh.updateLongBigEndian(epochDay);
    }

    public void time(long microsOfDay) {
        present(TIME);
        xxh.updateLongBigEndian(microsOfDay);
    }

    public void timeWithOffset(long utcMicrosOfDay, int offsetMinutes) {
        present(TIME_WITH_OFFSET);
        xxh.updateLongBigEndian(utcMicrosOfDay);
        xxh.updateIntBigEndian(offsetMinutes);
    }

    public void localTimestamp(long micros) {
        present(LOCAL_TIMESTAMP);
        xxh.updateLongBigEndian(micros);
    }

    public void instant(long micros) {
        present(INSTANT);
        xxh.updateLongBigEndian(micros);
    }

    public void instantWithOffset(long micros, int offsetMinutes) {
        present(INSTANT_WITH_OFFSET);
        xxh.updateLongBigEndian(micros);
        xxh.updateIntBigEndian(offsetMinutes);
    }

    /** A sql_variant: its value text and base type name, both UTF-8 (the base type null is encoded as length 0). */
    public void variant(byte[] value, int valueLength, byte[] baseType, int baseTypeLength) {
        present(VARIANT);
        xxh.updateIntBigEndian(valueLength);
        xxh.update(value, 0, valueLength);
        xxh.updateIntBigEndian(baseTypeLength);
        xxh.update(baseType, 0, baseTypeLength);
    }

    private void present(byte tag) {
        ensure(2);
        row[length] = tag;
        row[length + 1] = PRESENT;
        length += 2;
    }
}
