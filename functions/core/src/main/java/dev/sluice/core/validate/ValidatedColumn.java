package dev.sluice.core.validate;

import dev.sluice.core.types.LakeColumn;
import dev.sluice.core.types.LogicalType;
import dev.sluice.core.types.PhysicalType;
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
}
