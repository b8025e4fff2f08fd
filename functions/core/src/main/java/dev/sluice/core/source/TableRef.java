package dev.sluice.core.source;

import java.util.regex.Pattern;

/**
 * A source table named {@code schema.table}. Both parts are validated identifiers (letters, digits, underscore,
 * dollar, hash; not starting with a digit; at most 128 characters), so dialects can quote them safely.
 */
public record TableRef(String schema, String table) {

    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_#][\\p{L}\\p{N}_$#]{0,127}");

    public TableRef {
        requireIdentifier(schema, "schema");
        requireIdentifier(table, "table");
    }

    /** Parses {@code schema.table}; throws {@link IllegalArgumentException} naming the expected form. */
    public static TableRef parse(String qualified) {
        int dot = qualified == null ? -1 : qualified.indexOf('.');
        if (dot <= 0 || dot != qualified.lastIndexOf('.') || dot == qualified.length() - 1) {
            throw new IllegalArgumentException(
                    "'" + qualified + "' is not of the form schema.table (for example sales.orders)");
        }
        return new TableRef(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    /** True when {@code name} is an identifier Sluice accepts from config. */
    public static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }

    static void requireIdentifier(String name, String what) {
        if (!isIdentifier(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid " + what
                    + " name: use letters, digits, _, $ or #, not starting with a digit, at most 128 characters");
        }
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
