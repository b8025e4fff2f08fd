package dev.sluice.core.source;

import java.util.function.UnaryOperator;

/**
 * One item of a chunk read's select list: a column, optionally wrapped in an expression that the type mapping
 * needs (for example SQL Server's {@code [node].ToString()} for {@code hierarchyid}). The expression receives the
 * dialect-quoted, table-qualified column and the result is always aliased back to the column's name.
 */
public record Projection(String column, UnaryOperator<String> expression) {

    public Projection {
        TableRef.requireIdentifier(column, "column");
    }

    /** The column as stored. */
    public static Projection column(String name) {
        return new Projection(name, UnaryOperator.identity());
    }

    /** The column through {@code expression}, e.g. {@code c -> c + ".ToString()"}. */
    public static Projection of(String name, UnaryOperator<String> expression) {
        return new Projection(name, expression);
    }
}
