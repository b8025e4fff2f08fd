package dev.sluice.core.source;

/**
 * A column as the source's catalog describes it.
 *
 * @param typeName  the source's own type name, lower case, without modifiers: {@code datetime2}, {@code nvarchar},
 *                  {@code numeric}, {@code timestamptz}, {@code _int4} (PostgreSQL arrays keep their underscore
 *                  element name), {@code int4}, ...
 * @param precision numeric precision, fractional-second precision for time types, or the declared character or
 *                  byte length; {@code -1} when unbounded ({@code varchar(max)}, {@code text}, {@code numeric}
 *                  without precision) and {@code 0} when not applicable
 * @param scale     numeric scale; {@code -1} when the type has none declared ({@code numeric} without scale)
 */
public record SourceColumn(
        String name,
        int ordinal,
        String typeName,
        int precision,
        int scale,
        boolean nullable) {

    public SourceColumn {
        TableRef.requireIdentifier(name, "column");
    }
}
