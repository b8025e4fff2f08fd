package dev.sluice.core.load;

import java.util.Locale;
import java.util.Objects;

/**
 * One column of a Redshift target table: its name and Redshift type in the canonical spelling the type mapping uses
 * ({@code VARCHAR(400)}, {@code DECIMAL(12,2)}, {@code TIMESTAMPTZ}, ...). {@link #canonicalType(String)} turns the
 * spellings catalogs report ({@code character varying(400)}, {@code numeric(12,2)}) into that form.
 */
public record TargetColumn(String name, String type, boolean nullable) {

    public TargetColumn {
        Objects.requireNonNull(name, "name");
        type = canonicalType(Objects.requireNonNull(type, "type of column " + name));
    }

    /** The canonical upper-case Redshift spelling of a type name as a catalog (pg_table_def, SVV_COLUMNS) reports it. */
    public static String canonicalType(String type) {
        String t = type.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replace(", ", ",");
        String args = "";
        int paren = t.indexOf('(');
        if (paren >= 0) {
            args = t.substring(paren).replace(" ", "");
            t = t.substring(0, paren).trim();
        }
        String base = switch (t) {
            case "character varying", "varchar", "nvarchar", "text" -> "VARCHAR";
            case "character", "char", "bpchar", "nchar" -> "CHAR";
            case "numeric", "decimal" -> "DECIMAL";
            case "integer", "int", "int4" -> "INTEGER";
            case "bigint", "int8" -> "BIGINT";
            case "smallint", "int2" -> "SMALLINT";
            case "boolean", "bool" -> "BOOLEAN";
            case "double precision", "float8", "float", "double" -> "DOUBLE PRECISION";
            case "real", "float4" -> "REAL";
            case "timestamp without time zone", "timestamp" -> "TIMESTAMP";
            case "timestamp with time zone", "timestamptz" -> "TIMESTAMPTZ";
            case "time without time zone", "time" -> "TIME";
            case "time with time zone", "timetz" -> "TIMETZ";
            case "binary varying", "varbyte", "varbinary", "bytea", "blob" -> "VARBYTE";
            default -> t.toUpperCase(Locale.ROOT);
        };
        return base + args.toUpperCase(Locale.ROOT);
    }
}
