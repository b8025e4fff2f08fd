package dev.sluice.core.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8BufferTest {

    private final Utf8Buffer buffer = new Utf8Buffer();

    private byte[] encode(String s) {
        buffer.encode(s);
        assertThat(Utf8Buffer.encodedLength(s)).isEqualTo(buffer.length());
        return Arrays.copyOf(buffer.bytes(), buffer.length());
    }

    @Test
    void wellFormedTextEncodesLikeTheJdk() {
        for (String s : new String[]{"", "plain", "h\u00e9llo", "\u20ac\u4e2d", "\uD83D\uDE00", "\uDBFF\uDFFD",
                "x".repeat(100_000) + "\u00e9"}) {
            assertThat(encode(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void unpairedSurrogatesBecomeTheReplacementCharacter() {
        assertThat(encode("a\uD800b")).isEqualTo("a\uFFFDb".getBytes(StandardCharsets.UTF_8));
        assertThat(encode("\uDC00")).isEqualTo("\uFFFD".getBytes(StandardCharsets.UTF_8));
        assertThat(encode("\uD83D")).isEqualTo("\uFFFD".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theBufferIsReusedAndShorterValuesDoNotLeakOldBytes() {
        encode("long value here");
        assertThat(encode("ab")).containsExactly('a', 'b');
    }
}
