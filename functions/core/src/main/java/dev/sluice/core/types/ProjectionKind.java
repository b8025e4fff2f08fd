package dev.sluice.core.types;

/**
 * How a column appears in the extractor's SELECT list. The mapping stays dialect-free: each SQL dialect renders
 * these kinds for its engine (the renderings below are the contract).
 */
public enum ProjectionKind {
    /** The quoted column itself. */
    DIRECT,
    /** SQL Server hierarchyid: {@code col.ToString()} (nvarchar(4000), e.g. {@code /1/3/}). */
    HIERARCHYID_TO_STRING,
    /**
     * SQL Server geography/geometry as Well-Known Text: {@code col.AsTextZM()} (like {@code STAsText()} but keeping
     * Z and M values). The SRID is not part of WKT.
     */
    SPATIAL_TO_WKT,
    /**
     * SQL Server sql_variant: the value as {@code nvarchar(4000)} text and, when the mapping has a
     * {@link LakeColumn.Role#VARIANT_BASE_TYPE} column, a second select-list item with its base type
     * {@code CAST(SQL_VARIANT_PROPERTY(col, 'BaseType') AS nvarchar(128))}. The value's text uses the styles of
     * {@link #TEXT_CAST}, {@link #FLOAT_TO_TEXT}, {@link #TEMPORAL_TO_ISO_TEXT} and {@link #BINARY_TO_HEX} chosen by
     * base type with a CASE on the base type.
     */
    VARIANT_TO_STRING,
    /** PostgreSQL array as JSON text: {@code array_to_json(col)::text}. */
    ARRAY_TO_JSON,
    /**
     * PostgreSQL interval as ISO-8601 duration text with months, days and microseconds kept apart (the form
     * PostgreSQL prints under {@code intervalstyle = 'iso_8601'}, e.g. {@code P1Y2M3DT4H5M6.5S}).
     */
    INTERVAL_TO_ISO8601,
    /** PostgreSQL money as exact numeric: {@code col::numeric}. */
    MONEY_TO_NUMERIC,
    /**
     * The value's plain text: PostgreSQL {@code col::text}; SQL Server {@code CONVERT(nvarchar(max), col)}, with
     * style 2 for money/smallmoney so all four fractional digits are kept.
     */
    TEXT_CAST,
    /**
     * Floating point as text that parses back to the same value: SQL Server {@code CONVERT(varchar(30), col, 3)};
     * PostgreSQL {@code col::text} (shortest round-trip form since PostgreSQL 12).
     */
    FLOAT_TO_TEXT,
    /**
     * Dates and times as ISO-8601 text with every stored fractional digit: SQL Server
     * {@code CONVERT(varchar(40), col, 126)} (127 for datetimeoffset); PostgreSQL {@code col::text} under
     * {@code DateStyle = 'ISO'}.
     */
    TEMPORAL_TO_ISO_TEXT,
    /**
     * Bytes as lower-case hexadecimal, two digits a byte, no prefix: SQL Server
     * {@code LOWER(CONVERT(varchar(max), col, 2))}; PostgreSQL {@code encode(col, 'hex')}.
     */
    BINARY_TO_HEX
}
