package dev.sluice.core.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The short SHA-256 hex that run and chunk ids end with. */
final class Digests {

    private Digests() {
    }

    /** The first {@code hexChars} lower-case hex digits of SHA-256 over the UTF-8 bytes of {@code text}. */
    static String sha256Hex(String text, int hexChars) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
