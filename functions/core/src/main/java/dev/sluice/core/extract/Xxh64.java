package dev.sluice.core.extract;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * XXH64 (Yann Collet's xxHash, 64-bit variant, seed 0 unless given), computed incrementally so a row's canonical
 * encoding never has to be materialised: bytes are fed as the row is read and {@link #digest()} finishes the hash.
 * One instance is reused for every row ({@link #reset()}); it allocates nothing after construction.
 *
 * <p>This is the algorithm of the reference implementation ({@code xxhash.h}, {@code XXH64}); test vectors in
 * {@code Xxh64Test} come from the reference library's Python binding ({@code xxhash.xxh64(data).intdigest()}).
 * Not thread-safe.
 */
public final class Xxh64 {

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final long seed;
    private final byte[] stripe = new byte[32];
    private int buffered;
    private long total;
    private long v1;
    private long v2;
    private long v3;
    private long v4;

    public Xxh64() {
        this(0);
    }

    public Xxh64(long seed) {
        this.seed = seed;
        reset();
    }

    /** Starts a new hash. */
    public void reset() {
        v1 = seed + P1 + P2;
        v2 = seed + P2;
        v3 = seed;
        v4 = seed - P1;
        buffered = 0;
        total = 0;
    }

    /** Feeds one byte. */
    public void update(byte b) {
        stripe[buffered++] = b;
        total++;
        if (buffered == 32) {
            consume(stripe, 0);
            buffered = 0;
        }
    }

    /** Feeds {@code value} as 8 bytes, most significant first (big-endian). */
    public void updateLongBigEndian(long value) {
        if (buffered <= 24) {
            stripe[buffered] = (byte) (value >>> 56);
            stripe[buffered + 1] = (byte) (value >>> 48);
            stripe[buffered + 2] = (byte) (value >>> 40);
            stripe[buffered + 3] = (byte) (value >>> 32);
            stripe[buffered + 4] = (byte) (value >>> 24);
            stripe[buffered + 5] = (byte) (value >>> 16);
            stripe[buffered + 6] = (byte) (value >>> 8);
            stripe[buffered + 7] = (byte) value;
            buffered += 8;
            total += 8;
            if (buffered == 32) {
                consume(stripe, 0);
                buffered = 0;
            }
            return;
        }
        for (int shift = 56; shift >= 0; shift -= 8) {
            update((byte) (value >>> shift));
        }
    }

    /** Feeds {@code value} as 4 bytes, most significant first (big-endian). */
    public void updateIntBigEndian(int value) {
        update((byte) (value >>> 24));
        update((byte) (value >>> 16));
        update((byte) (value >>> 8));
        update((byte) value);
    }

    /** Feeds {@code length} bytes of {@code data} from {@code offset}. */
    public void update(byte[] data, int offset, int length) {
        total += length;
        int end = offset + length;
        if (buffered > 0) {
            int n = Math.min(32 - buffered, length);
            System.arraycopy(data, offset, stripe, buffered, n);
            buffered += n;
            offset += n;
            if (buffered < 32) {
                return;
            }
            consume(stripe, 0);
            buffered = 0;
        }
        while (end - offset >= 32) {
            consume(data, offset);
            offset += 32;
        }
        buffered = end - offset;
        System.arraycopy(data, offset, stripe, 0, buffered);
    }

    /** The hash of everything fed since the last {@link #reset()}; the state is left unchanged. */
    public long digest() {
        long h;
        if (total >= 32) {
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = seed + P5;
        }
        return finish(h + total, stripe, 0, buffered);
    }

    /** XXH64 of {@code data} with seed 0. */
    public static long hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /**
     * XXH64 of {@code data[offset..offset+length)} with seed 0, in one pass over the array: the same value as
     * streaming the bytes through an instance, without its stripe buffer.
     */
    public static long hash(byte[] data, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        int p = offset;
        int end = offset + length;
        long h;
        if (length >= 32) {
            long a = P1 + P2;
            long b = P2;
            long c = 0;
            long d = -P1;
            do {
                a = round(a, (long) LE64.get(data, p));
                b = round(b, (long) LE64.get(data, p + 8));
                c = round(c, (long) LE64.get(data, p + 16));
                d = round(d, (long) LE64.get(data, p + 24));
                p += 32;
            } while (end - p >= 32);
            h = Long.rotateLeft(a, 1) + Long.rotateLeft(b, 7) + Long.rotateLeft(c, 12) + Long.rotateLeft(d, 18);
            h = merge(h, a);
            h = merge(h, b);
            h = merge(h, c);
            h = merge(h, d);
        } else {
            h = P5;
        }
        return finish(h + length, data, p, end);
    }

    /** The last {@code end - p} (< 32) bytes folded into {@code h}, then the final avalanche. */
    private static long finish(long h, byte[] data, int p, int end) {
        while (end - p >= 8) {
            h ^= round(0, (long) LE64.get(data, p));
            h = Long.rotateLeft(h, 27) * P1 + P4;
            p += 8;
        }
        if (end - p >= 4) {
            h ^= ((int) LE32.get(data, p) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        while (p < end) {
            h ^= (data[p] & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            p++;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private void consume(byte[] data, int offset) {
        v1 = round(v1, (long) LE64.get(data, offset));
        v2 = round(v2, (long) LE64.get(data, offset + 8));
        v3 = round(v3, (long) LE64.get(data, offset + 16));
        v4 = round(v4, (long) LE64.get(data, offset + 24));
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long merge(long acc, long value) {
        acc ^= round(0, value);
        return acc * P1 + P4;
    }
}
