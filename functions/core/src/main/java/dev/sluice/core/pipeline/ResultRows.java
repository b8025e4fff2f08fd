package dev.sluice.core.pipeline;

import dev.sluice.core.query.ResultColumn;
import dev.sluice.core.query.ResultTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rows of a query or statement result (every value the engine's text) as label-to-value maps, and single values
 * typed by the column's engine type so they can be bound back as parameters (a key read from the lake bound to the
 * source or to the lake again).
 */
final class ResultRows {

    private ResultRows() {
    }

    /** Each row as a map from lower-case column label to its text ({@code null} for SQL NULL). */
    static List<Map<String, Object>> maps(ResultTable table) {
        List<Map<String, Object>> rows = new ArrayList<>(table.rows().size());
        for (List<String> row : table.rows()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                map.put(table.columns().get(i).name().toLowerCase(Locale.ROOT), row.get(i));
            }
            rows.add(map);
        }
        return rows;
    }

    /**
     * The value of column {@code index} of {@code row} as the Java type of its engine type: integers as Long,
     * decimals as BigDecimal, floating point as Double, dates as LocalDate, timestamps without zone as
     * LocalDateTime, everything else as its text.
     */
    static Object typed(ResultTable table, List<String> row, int index) {
        String text = row.get(index);
        if (text == null) {
            return null;
        }
        ResultColumn column = table.columns().get(index);
        String type = column.type() == null ? "" : column.type().toLowerCase(Locale.ROOT).trim();
        try {
            if (type.equals("bigint") || type.equals("integer") || type.equals("int") || type.equals("smallint")
                    || type.equals("tinyint") || type.startsWith("int") || type.equals("hugeint")) {
                return new BigDecimal(text.trim()).longValueExact();
            }
            if (type.startsWith("decimal") || type.startsWith("numeric")) {
                return new BigDecimal(text.trim());
            }
            if (type.equals("double") || type.equals("real") || type.equals("float")) {
                return Double.valueOf(text.trim());
            }
            if (type.equals("date")) {
                return LocalDate.parse(text.trim());
            }
            if (type.equals("timestamp") || type.startsWith("timestamp(")) {
                return LocalDateTime.parse(text.trim().replace(' ', 'T'));
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            return text; // keep the engine's text: it binds as a string the engine casts
        }
        return text;
    }
}
