package dev.sluice.core.source;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The keyset predicate of a {@link KeyRange}, shared by the dialects. With row-value comparison (PostgreSQL) a
 * composite bound reads {@code (a, b) > (?, ?)}; without it (SQL Server) it is expanded to
 * {@code (a > ? OR (a = ? AND b > ?))}, which is the same lexicographic order.
 */
final class KeysetSql {

    private KeysetSql() {
    }

    /** The predicate, or the empty string for the whole table; parameters are appended to {@code params}. */
    static String predicate(KeyRange range, Function<String, String> quote, boolean rowValues, List<Object> params) {
        if (range.wholeTableRange()) {
            return "";
        }
        List<String> cols = range.columns().stream().map(quote).toList();
        if (range.nulls()) {
            return cols.getFirst() + " IS NULL";
        }
        List<String> parts = new ArrayList<>();
        if (range.lowerExclusive() == null && range.upperInclusive() == null) {
            parts.add(cols.getFirst() + " IS NOT NULL");
        }
        if (range.lowerExclusive() != null) {
            parts.add(compare(cols, range.lowerExclusive(), ">", ">", rowValues, params));
        }
        if (range.upperInclusive() != null) {
            parts.add(compare(cols, range.upperInclusive(), "<", "<=", rowValues, params));
        }
        return String.join(" AND ", parts);
    }

    private static String compare(List<String> cols, List<KeyValue> bound, String strict, String last,
                                  boolean rowValues, List<Object> params) {
        if (cols.size() == 1) {
            params.add(bound.getFirst().toJdbc());
            return cols.getFirst() + " " + last + " ?";
        }
        if (rowValues) {
            bound.forEach(v -> params.add(v.toJdbc()));
            return "(" + String.join(", ", cols) + ") " + last + " ("
                    + cols.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        }
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            StringBuilder term = new StringBuilder();
            for (int j = 0; j < i; j++) {
                term.append(cols.get(j)).append(" = ? AND ");
                params.add(bound.get(j).toJdbc());
            }
            term.append(cols.get(i)).append(' ').append(i == cols.size() - 1 ? last : strict).append(" ?");
            params.add(bound.get(i).toJdbc());
            terms.add(i == 0 ? term.toString() : "(" + term + ")");
        }
        return "(" + String.join(" OR ", terms) + ")";
    }

    static String where(String predicate) {
        return predicate.isEmpty() ? "" : " WHERE " + predicate;
    }

    static String orderBy(KeyRange range, Function<String, String> quote) {
        if (range.wholeTableRange() || range.nulls()) {
            return "";
        }
        return " ORDER BY " + range.columns().stream().map(quote).collect(Collectors.joining(", "));
    }

    static String selectList(List<Projection> select, Function<String, String> quote) {
        return select.stream()
                .map(p -> {
                    String q = quote.apply(p.column());
                    String e = p.expression().apply(q);
                    return e.equals(q) ? q : e + " AS " + q;
                })
                .collect(Collectors.joining(", "));
    }

    /** A sampling percentage as SQL text: plain decimal, at most 6 fractional digits. */
    static String percentText(double percent) {
        return new java.math.BigDecimal(percent).setScale(6, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }
}
