package dev.sluice.core.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The canonical row encoding of docs/ROW_HASH.md. Expected values come from the Python reference in that document
 * (struct + python3-xxhash), computed independently of this code.
 */
class RowHasherTest {

    private final RowHasher hasher = new RowHasher();

    private long row(Consumer<RowHasher> columns) {
        hasher.beginRow();
        columns.accept(hasher);
        return hasher.endRow();
    }

    @Test
    void everyTagMatchesThePythonReference() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        long hash = row(h -> {
            h.integer(42);
            h.string("h\u00e9llo \uD83D\uDE00");
            h.nullValue(RowHasher.STRING);
            h.decimal(2, -12345L);
            h.floating(-0.0);
            h.floating(Double.NaN);
            h.bool(true);
            h.date(19000);
            h.time(3_600_000_000L);
            h.localTimestamp(1_700_000_000_123_456L);
            h.instant(-1);
            h.instantWithOffset(1_700_000_000_000_000L, -330);
            h.timeWithOffset(0, 60);
            h.binary(all, 0, 256);
            h.decimal(10, new BigInteger("-99999999999999999999999999999999999999"));
            h.variant("12".getBytes(), 2, "int".getBytes(), 3);
        });
        assertThat(hash).isEqualTo(-495575192314262449L);
        assertThat(row(h -> { })).isEqualTo(-8484456787529832656L);
    }

    @Test
    void decimalsUseTheMinimalTwosComplementLikeBigInteger() {
        assertThat(row(h -> h.decimal(0, 127))).isEqualTo(4737223021312632013L);
        assertThat(row(h -> h.decimal(0, 128))).isEqualTo(5490691167817854778L);
        assertThat(row(h -> h.decimal(0, -128))).isEqualTo(-7028171387789708991L);
        assertThat(row(h -> h.decimal(0, BigInteger.valueOf(-129)))).isEqualTo(-5353144264316973483L);
        assertThat(row(h -> h.decimal(3, Long.MIN_VALUE)))
                .isEqualTo(row(h -> h.decimal(3, BigInteger.valueOf(Long.MIN_VALUE))));
    }

    @Test
    void aRowAfterAVeryLargeRowHashesAsOnAFreshHasher() {
        RowHasher hasher = new RowHasher();
        byte[] large = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) 'x');
        hasher.beginRow();
        hasher.string(large, large.length);
        hasher.integer(1);
        long largeHash = hasher.endRow();
        Xxh64 streamed = new Xxh64();
        streamed.update(RowHasher.VERSION);
        streamed.update(RowHasher.STRING);
        streamed.update((byte) 1);
        streamed.updateIntBigEndian(large.length);
        streamed.update(large, 0, large.length);
        streamed.update(RowHasher.INTEGER);
        streamed.update((byte) 1);
        streamed.updateLongBigEndian(1);
        assertThat(largeHash).isEqualTo(streamed.digest());
        hasher.beginRow();
        hasher.string("a");
        assertThat(hasher.endRow()).isEqualTo(row(h -> h.string("a")));
    }

    @Test
    void nullAndEmptyStringDiffer() {
        assertThat(row(h -> h.string(""))).isEqualTo(-859755966038702097L);
        assertThat(row(h -> h.nullValue(RowHasher.STRING))).isEqualTo(-5873827314805836171L);
    }

    @Test
    void columnOrderMatters() {
        assertThat(row(h -> { h.integer(1); h.integer(2); })).isEqualTo(8300347706819549831L);
        assertThat(row(h -> { h.integer(2); h.integer(1); })).isEqualTo(4480871794111638133L);
    }

    @Test
    void sameRowSameHashAndAnyChangedValueChangesIt() {
        Consumer<RowHasher> base = h -> { h.integer(7); h.string("a"); h.floating(1.5); h.date(3); };
        long first = row(base);
        assertThat(row(base)).isEqualTo(first);
        assertThat(row(h -> { h.integer(8); h.string("a"); h.floating(1.5); h.date(3); })).isNotEqualTo(first);
        assertThat(row(h -> { h.integer(7); h.string("b"); h.floating(1.5); h.date(3); })).isNotEqualTo(first);
        assertThat(row(h -> { h.integer(7); h.string("a"); h.floating(1.25); h.date(3); })).isNotEqualTo(first);
        assertThat(row(h -> { h.integer(7); h.string("a"); h.floating(1.5); h.date(4); })).isNotEqualTo(first);
        assertThat(row(h -> { h.integer(7); h.string("a"); h.floating(1.5); h.nullValue(RowHasher.DATE); }))
                .isNotEqualTo(first);
        // the same bits under another type are another value
        assertThat(row(h -> h.date(3))).isNotEqualTo(row(h -> h.integer(3)));
        // zero keeps its sign, every NaN is one NaN
        assertThat(row(h -> h.floating(0.0))).isNotEqualTo(row(h -> h.floating(-0.0)));
        assertThat(row(h -> h.floating(Double.longBitsToDouble(0x7FF0000000000001L))))
                .isEqualTo(row(h -> h.floating(Double.NaN)));
    }
}
