package dev.sluice.lambda.handler;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence between an exception message and the outside world (the Lambda error the state machine
 * records, the failure notification, logs, traces): logins in JDBC URL properties ({@code password=}, {@code user=},
 * {@code pwd=}, {@code uid=}), user info in a URL ({@code //user:secret@host}) and secret-shaped JSON fields
 * ({@code "password": "..."}) are replaced by {@code ***}. Messages are written not to carry these in the first place;
 * this catches what a driver or library puts in its own messages.
 */
public final class SecretRedaction {

    /** What replaces a redacted value. */
    public static final String MASK = "***";

    /** {@code key=value} pairs of JDBC URLs and connection strings whose value is a login. */
    private static final Pattern LOGIN_PROPERTY = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_])(password|passwd|pwd|user|username|user\\s+id|userid|uid)(\\s*=\\s*)"
                    + "(\\{[^}]*}|\"[^\"]*\"|'[^']*'|[^;&,\\s)]*)");
    /** {@code //user:password@host} and {@code //user@host} in any URL. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.:-]*://)[^/@\\s;?]+@");
    /** {@code "password": "..."} and friends in JSON (a secret's value echoed by a parser). */
    private static final Pattern JSON_SECRET = Pattern.compile(
            "(?i)(\"(?:password|passwd|pwd|username|user|secret|secretString|SecretString)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

    private SecretRedaction() {
    }

    /** {@code text} with every login value masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = URL_USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
        out = LOGIN_PROPERTY.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
        out = JSON_SECRET.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\"" + MASK + "\""));
        return out;
    }

    /** Whether {@code text} holds anything {@link #redact} would mask. */
    public static boolean needsRedaction(String text) {
        return text != null && !text.equals(redact(text));
    }

    /** Whether the message of {@code error} or of any of its causes holds anything to mask. */
    public static boolean chainNeedsRedaction(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (needsRedaction(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy of {@code error}'s cause chain that is safe to attach to a failure leaving the function: each link keeps
     * its class name (in the message), its stack trace and its cause, with the message redacted. Null for null.
     */
    public static RedactedException redactedChain(Throwable error) {
        return redactedChain(error, 0);
    }

    private static RedactedException redactedChain(Throwable error, int depth) {
        if (error == null || depth > 32) {
            return null;
        }
        Throwable cause = error.getCause() == error ? null : error.getCause();
        RedactedException copy = new RedactedException(error.getClass().getName() + ": " + redact(
                String.valueOf(error.getMessage())), redactedChain(cause, depth + 1));
        copy.setStackTrace(error.getStackTrace());
        return copy;
    }

    /** A link of a redacted cause chain: the original type is named in the message. */
    public static final class RedactedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedactedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
