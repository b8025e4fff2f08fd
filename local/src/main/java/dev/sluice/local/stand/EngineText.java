package dev.sluice.local.stand;

import dev.sluice.core.query.ResultColumn;
import dev.sluice.core.query.ResultTable;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * DuckDB result sets as the text the AWS engines return (Athena's {@code VarCharValue}, the Redshift Data API's
 * string fields), so validation reads local and AWS results the same way: integers (also {@code HUGEINT} sums) as
 * plain digits, decimals as plain text with their scale ({@code 12.50}, never {@code 1.25E+1}), doubles as Java
 * double text, timestamps as {@code yyyy-MM-dd HH:mm:ss[.f...]} (what {@code Key} canonicalizes), instants
 * ({@code TIMESTAMP WITH TIME ZONE}) in ISO-8601 UTC as the extractor's manifests hold them, binary as lower-case
 * hex, SQL NULL as {@code null}. Column types are the Athena type names ({@code bigint}, {@code decimal},
 * {@code varchar}, ...).
 */
final class EngineText {

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter(Locale.ROOT);

    private EngineText() {
    }

    /** Every row of {@code rows}, as text, with the columns' Athena type names. */
    static ResultTable table(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int count = meta.getColumnCount();
        List<ResultColumn> columns = new ArrayList<>(count);
        List<String> duckTypes = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String type = meta.getColumnTypeName(i).toUpperCase(Locale.ROOT);
            duckTypes.add(type);
            columns.add(new ResultColumn(meta.getColumnLabel(i), athenaType(type)));
        }
        List<List<String>> values = new ArrayList<>();
        while (rows.next()) {
            List<String> row = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                row.add(text(rows, i, duckTypes.get(i - 1)));
            }
            values.add(row);
        }
        return new ResultTable(columns, values);
    }

    /** The Athena (Trino) type name of a DuckDB column type. */
    static String athenaType(String duckType) {
        String type = duckType.toUpperCase(Locale.ROOT);
        if (type.startsWith("DECIMAL") || type.equals("HUGEINT") || type.equals("UHUGEINT")
                || type.equals("UBIGINT")) {
            return "decimal";
        }
        if (type.startsWith("TIMESTAMP WITH TIME ZONE") || type.equals("TIMESTAMPTZ")) {
            return "timestamp with time zone";
        }
        if (type.startsWith("TIMESTAMP")) {
            return "timestamp";
        }
        if (type.startsWith("VARCHAR")) {
            return "varchar";
        }
        return switch (type) {
            case "BIGINT", "UINTEGER" -> "bigint";
            case "INTEGER", "USMALLINT" -> "integer";
            case "SMALLINT", "UTINYINT" -> "smallint";
            case "TINYINT" -> "tinyint";
            case "DOUBLE" -> "double";
            case "FLOAT" -> "real";
            case "BOOLEAN" -> "boolean";
            case "DATE" -> "date";
            case "TIME" -> "time";
            case "BLOB" -> "varbinary";
            default -> type.toLowerCase(Locale.ROOT);
        };
    }

    private static String text(ResultSet rows, int i, String duckType) throws SQLException {
        Object value = rows.getObject(i);
        if (value == null) {
            return null;
        }
        if (duckType.startsWith("DECIMAL")) {
            return rows.getBigDecimal(i).toPlainString();
        }
        if (duckType.startsWith("TIMESTAMP WITH TIME ZONE") || duckType.equals("TIMESTAMPTZ")) {
            return rows.getObject(i, OffsetDateTime.class).toInstant().toString();
        }
        if (duckType.startsWith("TIMESTAMP")) {
            return TIMESTAMP.format(rows.getObject(i, LocalDateTime.class));
        }
        return switch (duckType) {
            case "DOUBLE", "FLOAT" -> Double.toString(((Number) value).doubleValue());
            case "DATE" -> rows.getObject(i, LocalDate.class).toString();
            case "BLOB" -> HexFormat.of().formatHex(rows.getBytes(i));
            case "BOOLEAN" -> Boolean.toString(rows.getBoolean(i));
            default -> value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        };
    }
}
