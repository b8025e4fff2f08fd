package dev.sluice.core.validate;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * One column's measures over some of a chunk's rows (a key range): the row count, the column's null count and, for
 * a numeric column, its sum (exact for integers and decimals, a double for floating point; null for other columns).
 * Narrowing a chunk whose per-column measure differs from its manifest compares these, range by range, between the
 * lake ({@link ValidationSql#rangeTotals}) and the source re-read ({@link #of}).
 */
public record ColumnTotals(long rowCount, long nulls, String sum) {

    /** The totals of {@code values} of {@code column} (canonical text, null for NULL; {@link ValidatedColumn#value}). */
    public static ColumnTotals of(ValidatedColumn column, Iterable<String> values) {
        long rows = 0;
        long nulls = 0;
        BigDecimal exact = BigDecimal.ZERO;
        double floating = 0.0;
        for (String v : values) {
            rows++;
            if (v == null) {
                nulls++;
            } else if (column.kind() == ValidatedColumn.Kind.EXACT_NUMERIC) {
                exact = exact.add(new BigDecimal(v));
            } else if (column.kind() == ValidatedColumn.Kind.FLOAT) {
                floating += Double.parseDouble(v);
            }
        }
        return new ColumnTotals(rows, nulls, switch (column.kind()) {
            case EXACT_NUMERIC -> exact.toPlainString();
            case FLOAT -> Double.toString(floating);
            case OTHER -> null;
        });
    }

    /**
     * Whether these totals agree with {@code other}'s: counts and exact sums exactly, double sums within
     * {@code floatTolerance} relative to the larger magnitude ({@link Reconciliation#withinTolerance}).
     */
    public boolean matches(ColumnTotals other, ValidatedColumn column, double floatTolerance) {
        if (rowCount != other.rowCount || nulls != other.nulls) {
            return false;
        }
        if (sum == null || other.sum == null) {
            return Objects.equals(sum, other.sum);
        }
        return column.kind() == ValidatedColumn.Kind.FLOAT
                ? Reconciliation.withinTolerance(Double.parseDouble(sum), Double.parseDouble(other.sum),
                        floatTolerance)
                : new BigDecimal(sum).compareTo(new BigDecimal(other.sum)) == 0;
    }

    /**
     * The totals of the rows counted here but not in {@code part} (a sub-range of this range), or null when they
     * cannot be derived exactly (a double sum: subtracting would add rounding error).
     */
    public ColumnTotals minus(ColumnTotals part, ValidatedColumn column) {
        if (column.kind() == ValidatedColumn.Kind.FLOAT) {
            return null;
        }
        return new ColumnTotals(rowCount - part.rowCount, nulls - part.nulls, sum == null || part.sum == null ? null
                : new BigDecimal(sum).subtract(new BigDecimal(part.sum)).toPlainString());
    }

    /**
     * Reads the result row of {@link ValidationSql#rangeTotals} for {@code column} (labels as there, values as JDBC
     * objects or as the text Athena returns; a NULL sum, of no rows or only nulls, reads as zero).
     */
    public static ColumnTotals fromRow(Map<String, Object> row, ValidatedColumn column) {
        long rows = new BigDecimal(String.valueOf(row.get(ValidationSql.ROWS)).trim()).longValueExact();
        long nulls = new BigDecimal(String.valueOf(row.get(ValidationSql.NULLS)).trim()).longValueExact();
        Object sum = row.get(ValidationSql.SUM);
        return new ColumnTotals(rows, nulls, switch (column.kind()) {
            case EXACT_NUMERIC -> sum == null ? "0" : column.value(sum);
            case FLOAT -> sum == null ? Double.toString(0.0) : column.value(sum);
            case OTHER -> null;
        });
    }
}
