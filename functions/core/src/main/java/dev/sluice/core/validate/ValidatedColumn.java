package dev.sluice.core.validate;

import dev.sluice.core.types.LakeColumn;
import dev.sluice.core.types.LogicalType;
import dev.sluice.core.types.PhysicalType;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One lake column as validation sees it: every column gets a null count; exact numerics also an exact sum (with
 * the scale of the column), floating-point columns a sum compared with {@code floatSumTolerance}.
 */
public record ValidatedColumn(String name, Kind kind, int scale) {

    /** What validation sums, and how. */
    public enum Kind {
        /** Integers and decimals: summed exactly. */
        EXACT_NUMERIC,
        /** float/real/double: summed as double, compared with the configured relative tolerance. */
        FLOAT,
        /** Everything else: null count only. */
        OTHER
    }

    public ValidatedColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind of column " + name);
        if (scale < 0 || scale > 38) {
            throw new IllegalArgumentException("column " + name + ": scale " + scale + " outside 0..38");
        }
    }

    /** How validation treats a lake column, from its Parquet type. */
    public static ValidatedColumn of(LakeColumn column) {
        PhysicalType physical = column.parquet().physical();
        LogicalType logical = column.parquet().logical();
        if (logical instanceof LogicalType.Decimal decimal) {
            return new ValidatedColumn(column.name(), Kind.EXACT_NUMERIC, decimal.scale());
        }
        if ((physical == PhysicalType.INT32 || physical == PhysicalType.INT64)
                && (logical instanceof LogicalType.None || logical instanceof LogicalType.Int)) {
            return new ValidatedColumn(column.name(), Kind.EXACT_NUMERIC, 0);
        }
        if (physical == PhysicalType.FLOAT || physical == PhysicalType.DOUBLE) {
            return new ValidatedColumn(column.name(), Kind.FLOAT, 0);
        }
        return new ValidatedColumn(column.name(), Kind.OTHER, 0);
    }

    /** Whether its values order the same way in every engine (numbers, dates, times), unlike collated text. */
    public boolean orderPortable() {
        return kind != Kind.OTHER;
    }

    /** The value text of a non-null value of a column that is not compared by value ({@link Kind#OTHER}). */
    public static final String PRESENT = "present";

    /**
     * The canonical text of one value of this column as an engine or the source reader gave it (a Number, a String,
     * or null for NULL): exact numerics as plain decimal text, floating point as {@code Double.toString} text (also
     * {@code NaN}, {@code Infinity}), other columns only {@link #PRESENT} (their text differs between engines).
     */
    public String value(Object raw) {
        if (raw == null) {
            return null;
        }
        return switch (kind) {
            case EXACT_NUMERIC -> new BigDecimal(raw.toString().trim()).toPlainString();
            case FLOAT -> Double.toString(raw instanceof Number n ? n.doubleValue()
                    : Double.parseDouble(raw.toString().trim()));
            case OTHER -> PRESENT;
        };
    }

    /**
     * Whether two canonical values of this column are the same value: decimals numerically, doubles by their bits
     * (NaN equals NaN, -0.0 differs from 0.0, as the row hash sees them), other columns by nullness only.
     */
    public boolean sameValue(String a, String b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        return switch (kind) {
            case EXACT_NUMERIC -> new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
            case FLOAT -> Double.doubleToLongBits(Double.parseDouble(a))
                    == Double.doubleToLongBits(Double.parseDouble(b));
            case OTHER -> true;
        };
    }

    /** A canonical value as a report shows it: the value, {@code NULL}, or {@code not null} for {@link Kind#OTHER}. */
    public String display(String value) {
        if (value == null) {
            return "NULL";
        }
        return kind == Kind.OTHER ? "not null" : value;
    }
}
