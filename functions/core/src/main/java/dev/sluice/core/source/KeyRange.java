package dev.sluice.core.source;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A range of a table's rows by key: rows whose key tuple (over {@code columns}, compared by the source in key
 * order) is greater than {@code lowerExclusive} and at most {@code upperInclusive}. A {@code null} bound is open.
 * A range never holds rows whose (first) key column is NULL: those belong to the range with {@code nulls} set,
 * which holds exactly the rows where the single key column IS NULL. A range over no columns is the whole table.
 */
@JsonPropertyOrder({"columns", "lowerExclusive", "upperInclusive", "nulls"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record KeyRange(List<String> columns, List<KeyValue> lowerExclusive, List<KeyValue> upperInclusive,
                       boolean nulls) {

    public KeyRange {
        columns = List.copyOf(columns);
        columns.forEach(c -> TableRef.requireIdentifier(c, "key column"));
        lowerExclusive = lowerExclusive == null ? null : List.copyOf(lowerExclusive);
        upperInclusive = upperInclusive == null ? null : List.copyOf(upperInclusive);
        if (lowerExclusive != null && lowerExclusive.size() != columns.size()
                || upperInclusive != null && upperInclusive.size() != columns.size()) {
            throw new IllegalArgumentException("a key range bound must have one value per key column " + columns);
        }
        if (nulls && (columns.size() != 1 || lowerExclusive != null || upperInclusive != null)) {
            throw new IllegalArgumentException("a NULL range is over one column and has no bounds");
        }
    }

    /** Every row of the table. */
    public static KeyRange wholeTable() {
        return new KeyRange(List.of(), null, null, false);
    }

    /** Every row with a non-NULL key over {@code columns}. */
    public static KeyRange all(List<String> columns) {
        return new KeyRange(columns, null, null, false);
    }

    /** The rows whose single key column IS NULL. */
    public static KeyRange nullKeys(String column) {
        return new KeyRange(List.of(column), null, null, true);
    }

    public static KeyRange between(List<String> columns, List<KeyValue> lowerExclusive,
                                   List<KeyValue> upperInclusive) {
        return new KeyRange(columns, lowerExclusive, upperInclusive, false);
    }

    /** A range over one column. */
    public static KeyRange between(String column, KeyValue lowerExclusive, KeyValue upperInclusive) {
        return new KeyRange(List.of(column), lowerExclusive == null ? null : List.of(lowerExclusive),
                upperInclusive == null ? null : List.of(upperInclusive), false);
    }

    public boolean wholeTableRange() {
        return columns.isEmpty();
    }
}
