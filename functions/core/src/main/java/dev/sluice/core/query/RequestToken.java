package dev.sluice.core.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotency tokens for starting external work (an Athena query, a Redshift Data batch), derived from what the
 * work is so a retried start reproduces the token. The token is 64 lowercase hex digits of SHA-256 over the
 * length-prefixed parts: within Athena's ClientRequestToken rule (32 to 128 characters) and the Redshift Data
 * API's ClientToken rule (1 to 64 characters, printable ASCII).
 */
public final class RequestToken {

    /** The length of every token. */
    public static final int LENGTH = 64;

    private RequestToken() {
    }

    public static String of(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
