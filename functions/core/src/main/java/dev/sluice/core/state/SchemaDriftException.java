package dev.sluice.core.state;

import java.util.List;

/**
 * The source schema of a table changed in a way its schema policy does not allow. Permanent: fix the config or the
 * target as each listed problem says, then rerun.
 */
public class SchemaDriftException extends RuntimeException {

    private final String table;
    private final List<String> problems;

    public SchemaDriftException(String table, List<String> problems) {
        super("schema drift in " + table + ": " + String.join("; ", problems));
        this.table = table;
        this.problems = List.copyOf(problems);
    }

    public String table() {
        return table;
    }

    /** One message per disallowed change, each naming the column and the fix. */
    public List<String> problems() {
        return problems;
    }
}
