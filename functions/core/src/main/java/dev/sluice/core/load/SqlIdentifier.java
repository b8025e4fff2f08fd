package dev.sluice.core.load;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A validated SQL identifier (schema, table or column name) as Sluice writes it into generated SQL: always
 * double-quoted, and only ever a plain name, so quoting cannot be escaped whatever the config says. Redshift limits
 * identifiers to 127 bytes; the same limit is applied everywhere so a name that works locally works in Redshift.
 */
public final class SqlIdentifier {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final int MAX_BYTES = 127;

    private SqlIdentifier() {
    }

    /**
     * {@code name} double-quoted, after checking it is a plain identifier.
     *
     * @param what where the name comes from, for the message (e.g. {@code "target table of sales.orders"})
     * @throws IllegalArgumentException naming {@code what}, the name and the fix
     */
    public static String quote(String what, String name) {
        if (name == null || !PLAIN.matcher(name).matches()
                || name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException(what + ": '" + name + "' is not a plain SQL identifier (letters, digits,"
                    + " _ and $, not starting with a digit, at most " + MAX_BYTES + " bytes); rename it in config");
        }
        return '"' + name + '"';
    }

    /** {@code "schema"."table"}. */
    public static String qualified(String what, String schema, String table) {
        return quote(what + " schema", schema) + "." + quote(what, table);
    }
}
