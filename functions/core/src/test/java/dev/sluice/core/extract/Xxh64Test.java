package dev.sluice.core.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Vectors from the reference library (python3-xxhash 3.2.0, binding xxHash's C code: xxh64(data).intdigest()). */
class Xxh64Test {

    @Test
    void matchesTheReferenceImplementation() {
        assertThat(Xxh64.hash(new byte[0])).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(Xxh64.hash(ascii("a"))).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(Xxh64.hash(ascii("abc"))).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(Xxh64.hash(ascii("Nobody inspects the spammish repetition"))).isEqualTo(0xFBCEA83C8A378BF1L);
        assertThat(Xxh64.hash(ascii("0123456789abcdef0123456789abcdef!"))).isEqualTo(0x8AFFF4DAAC4E677EL);
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertThat(Xxh64.hash(all)).isEqualTo(0x1FACBE8406CD904BL);
    }

    @Test
    void seedIsPartOfTheHash() {
        Xxh64 x = new Xxh64(1);
        x.update(ascii("abc"), 0, 3);
        assertThat(x.digest()).isEqualTo(0xBEA9CA8199328908L);
    }

    @Test
    void feedingInPiecesEqualsFeedingAtOnce() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) (i * 7);
        }
        for (int split = 0; split <= 256; split += 13) {
            Xxh64 x = new Xxh64();
            x.update(all, 0, split);
            for (int i = split; i < Math.min(split + 9, 256); i++) {
                x.update(all[i]);
            }
            int from = Math.min(split + 9, 256);
            x.update(all, from, 256 - from);
            assertThat(x.digest()).as("split at %d", split).isEqualTo(Xxh64.hash(all));
        }
        Xxh64 longs = new Xxh64();
        longs.update((byte) 1);
        longs.updateLongBigEndian(0x0102030405060708L);
        longs.updateIntBigEndian(0x0A0B0C0D);
        assertThat(longs.digest()).isEqualTo(Xxh64.hash(new byte[]{1, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13}));
        longs.reset();
        assertThat(longs.digest()).isEqualTo(0xEF46DB3751D8E999L);
    }

    @Test
    void aSliceHashesLikeACopyOfIt() {
        byte[] all = new byte[300];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (i * 31 + 5);
        }
        for (int offset : new int[] {0, 1, 7, 33}) {
            for (int length : new int[] {0, 3, 4, 8, 31, 32, 33, 64, 200}) {
                byte[] copy = java.util.Arrays.copyOfRange(all, offset, offset + length);
                Xxh64 streamed = new Xxh64();
                streamed.update(copy, 0, copy.length);
                assertThat(Xxh64.hash(all, offset, length)).as("offset %d length %d", offset, length)
                        .isEqualTo(streamed.digest());
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
