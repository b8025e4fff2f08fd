package dev.sluice.core.extract;

/**
 * A reused buffer holding one string's UTF-8 encoding, so writing text allocates nothing per value. It grows to the
 * longest value seen and stays there (a chunk's memory is bounded by its largest value).
 *
 * <p>An unpaired surrogate (possible in SQL Server nvarchar, never in PostgreSQL text) is encoded as U+FFFD, the
 * Unicode replacement character, as the UTF-8 specification requires of an encoder given ill-formed UTF-16.
 */
final class Utf8Buffer {

    private byte[] bytes = new byte[256];
    private int length;

    /** Encodes {@code s}; the result is {@link #bytes()}{@code [0..}{@link #length()}{@code )}. */
    void encode(String s) {
        int n = s.length();
        if (bytes.length < n * 3) {
            ensure(encodedLength(s)); // exact, so a huge mostly-ASCII value does not reserve 3 bytes per char
        }
        byte[] b = bytes;
        int p = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[p++] = (byte) (0xF0 | (cp >> 18));
                    b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    b[p++] = (byte) 0xEF; // U+FFFD
                    b[p++] = (byte) 0xBF;
                    b[p++] = (byte) 0xBD;
                }
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        length = p;
    }

    /** The UTF-8 length of {@code s} as {@link #encode} writes it. */
    static int encodedLength(String s) {
        int n = s.length();
        long length = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3; // BMP character, or an unpaired surrogate written as U+FFFD
            }
        }
        return Math.toIntExact(length);
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    private void ensure(int capacity) {
        if (bytes.length < capacity) {
            bytes = new byte[Math.max(capacity, Math.min(bytes.length * 2, Integer.MAX_VALUE - 8))];
        }
    }
}
