package dev.sluice.core.validate;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One primary key value (one value per key column, in key order) as an engine returned it, so it can be bound back
 * to that engine. {@link #canonical()} is the engine-independent text keys are compared and reported by: numbers
 * without trailing zeros, date-times in ISO form.
 */
public record Key(List<Object> values) {

    public Key {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static Key of(Object... values) {
        return new Key(List.of(values));
    }

    /** The canonical text of each value. */
    public List<String> canonical() {
        return values.stream().map(Key::canonicalValue).toList();
    }

    /** E.g. {@code (42)} or {@code (7, 2026-11-20T10:00)}. */
    public String display() {
        return canonical().stream().collect(Collectors.joining(", ", "(", ")"));
    }

    /** The canonical text of one key value from an engine, a JSON manifest or a parameter. */
    public static String canonicalValue(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number n) {
            return canonicalNumber(n.toString());
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof LocalDateTime t) {
            return t.toString();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        String text = value.toString();
        if (text.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
            return canonicalNumber(text);
        }
        if (text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?")) {
            return LocalDateTime.parse(text.replace(' ', 'T')).toString();
        }
        return text;
    }

    private static String canonicalNumber(String text) {
        try {
            BigDecimal d = new BigDecimal(text).stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        } catch (NumberFormatException e) {
            return text; // NaN, Infinity
        }
    }
}
