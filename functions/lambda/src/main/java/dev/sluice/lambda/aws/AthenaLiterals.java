package dev.sluice.lambda.aws;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Athena execution parameters are SQL literal text applied to the query's {@code ?} in order, not typed values: this
 * renders the values validation binds (chunk ids and key values, which come back from engine results as text) as
 * Trino literals. Numbers stay bare; timestamps and dates become {@code TIMESTAMP '...'} / {@code DATE '...'};
 * everything else is a quoted string with quotes doubled.
 *
 * <p>Limit: a value arriving as text that looks like a number or a timestamp is rendered as one, so a text key such
 * as {@code '00123'} would be compared as the number 123. Validation's key narrowing (the only user) binds keys read
 * from the same column, where that matches the column's type; text keys that look numeric are the known exception.
 */
final class AthenaLiterals {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");
    private static final Pattern TIMESTAMP =
            Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final DateTimeFormatter TRINO_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private AthenaLiterals() {
    }

    /** The literals of {@code values}, in order. */
    static List<String> render(List<Object> values) {
        return values.stream().map(AthenaLiterals::render).toList();
    }

    /** One value as a Trino literal. */
    static String render(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Timestamp t) {
            return timestamp(t.toLocalDateTime());
        }
        if (value instanceof LocalDateTime t) {
            return timestamp(t);
        }
        if (value instanceof OffsetDateTime t) {
            return timestamp(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        }
        if (value instanceof LocalDate d) {
            return "DATE '" + d + "'";
        }
        String text = value.toString();
        if (NUMBER.matcher(text).matches()) {
            return text;
        }
        if (TIMESTAMP.matcher(text).matches()) {
            return timestamp(LocalDateTime.parse(text.replace(' ', 'T')));
        }
        if (DATE.matcher(text).matches()) {
            return "DATE '" + text + "'";
        }
        return "'" + text.replace("'", "''") + "'";
    }

    private static String timestamp(LocalDateTime t) {
        return "TIMESTAMP '" + TRINO_TIMESTAMP.format(t) + "'";
    }
}
