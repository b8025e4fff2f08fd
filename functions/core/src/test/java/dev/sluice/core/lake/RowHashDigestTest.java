package dev.sluice.core.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowHashDigestTest {

    private static RowHashDigest digest(List<Long> hashes) {
        RowHashDigest.Accumulator accumulator = new RowHashDigest.Accumulator();
        hashes.forEach(accumulator::add);
        return accumulator.result();
    }

    @Test
    void sumIsExactBeyond64BitsInBothDirections() {
        List<Long> big = List.of(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 5L);
        List<Long> small = List.of(Long.MIN_VALUE, Long.MIN_VALUE, -1L);

        BigInteger expectedBig = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.valueOf(3))
                .add(BigInteger.valueOf(5));
        BigInteger expectedSmall = BigInteger.valueOf(Long.MIN_VALUE).multiply(BigInteger.TWO)
                .subtract(BigInteger.ONE);
        assertThat(digest(big).sum()).isEqualTo(expectedBig.toString());
        assertThat(digest(small).sum()).isEqualTo(expectedSmall.toString());
    }

    @Test
    void matchesABigIntegerReferenceAndIgnoresRowOrder() {
        Random random = new Random(42);
        List<Long> hashes = new ArrayList<>();
        BigInteger sum = BigInteger.ZERO;
        long xor = 0;
        for (int i = 0; i < 10_000; i++) {
            long h = random.nextLong();
            hashes.add(h);
            sum = sum.add(BigInteger.valueOf(h));
            xor ^= h;
        }
        RowHashDigest inOrder = digest(hashes);
        Collections.shuffle(hashes, random);

        assertThat(digest(hashes)).isEqualTo(inOrder);
        assertThat(inOrder).isEqualTo(new RowHashDigest(10_000, sum.toString(), String.format("%016x", xor)));
    }

    @Test
    void aDuplicatedRowDoesNotCancelOut() {
        RowHashDigest once = digest(List.of(11L, 22L));
        RowHashDigest duplicated = digest(List.of(11L, 22L, 22L, 22L));
        RowHashDigest withoutTwentyTwo = digest(List.of(11L, 22L, 22L));

        assertThat(duplicated.xor()).as("xor alone cannot tell").isEqualTo(once.xor());
        assertThat(duplicated.sum()).isNotEqualTo(once.sum());
        assertThat(withoutTwentyTwo.xor()).isEqualTo(digest(List.of(11L)).xor());
        assertThat(withoutTwentyTwo.sum()).isEqualTo("55");
    }

    @Test
    void chunkDigestsMergeIntoTheDigestOfAllRows() {
        RowHashDigest a = digest(List.of(Long.MAX_VALUE, 3L));
        RowHashDigest b = digest(List.of(Long.MAX_VALUE, -9L));

        assertThat(a.merge(b)).isEqualTo(digest(List.of(Long.MAX_VALUE, 3L, Long.MAX_VALUE, -9L)));
        assertThat(RowHashDigest.EMPTY.merge(a)).isEqualTo(a);
    }
}
