package dev.sluice.core.extract;

/**
 * A source value that the column's mapping cannot carry (PostgreSQL NaN or infinity where a decimal or date is
 * expected, {@code 24:00:00}, a rowversion at or beyond 2^63, a decimal that does not fit its lake column, ...). The
 * chunk fails: retrying cannot help, the fix is a policy for the column (usually {@code asString}) or a change at the
 * source. The message names the table, column, chunk and the row's key.
 */
public class ChunkValueException extends RuntimeException {

    private final String table;
    private final String column;
    private final String chunkId;
    private final String key;

    public ChunkValueException(String table, String column, String chunkId, String key, String problem, String fix,
                               Throwable cause) {
        super(table + "." + column + " in chunk " + chunkId + " at key " + key + ": " + problem + ". Fix: " + fix,
                cause);
        this.table = table;
        this.column = column;
        this.chunkId = chunkId;
        this.key = key;
    }

    /** {@code schema.table} */
    public String table() {
        return table;
    }

    /** The source column holding the value. */
    public String column() {
        return column;
    }

    public String chunkId() {
        return chunkId;
    }

    /** The row's key, as {@code col=value, ...}. */
    public String key() {
        return key;
    }
}
