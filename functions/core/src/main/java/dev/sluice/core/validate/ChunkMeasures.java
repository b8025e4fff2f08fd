package dev.sluice.core.validate;

import dev.sluice.core.lake.RowHashDigest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the query engine found for one chunk of a run in the lake (one row of {@link ValidationSql#chunkMeasures}).
 *
 * @param distinctKeys distinct key tuples, null when the table has no key
 * @param sums         sums by column name: exact numerics as plain decimal text ({@code "0"} when every value is
 *                     null), floating-point columns as {@code Double.toString} text ({@code "0.0"} when every value
 *                     is null; {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} as the engine returns them)
 */
public record ChunkMeasures(String chunkId, long rowCount, Key keyMin, Key keyMax, Long distinctKeys,
                            Map<String, Long> nullCounts, Map<String, String> sums, RowHashDigest digest) {

    public ChunkMeasures {
        nullCounts = Collections.unmodifiableSortedMap(new TreeMap<>(nullCounts));
        sums = Collections.unmodifiableSortedMap(new TreeMap<>(sums));
    }

    /**
     * Reads one result row of {@link ValidationSql#chunkMeasures} (labels as there, values as JDBC objects or as
     * the text Athena returns) for the same {@code keyColumns} and {@code columns}.
     */
    public static ChunkMeasures fromRow(Map<String, Object> row, QueryDialect dialect, List<String> keyColumns,
                                        List<ValidatedColumn> columns) {
        String chunk = String.valueOf(require(row, ValidationSql.CHUNK));
        long rows = number(require(row, ValidationSql.ROWS)).longValueExact();
        List<Object> min = new ArrayList<>();
        List<Object> max = new ArrayList<>();
        for (int i = 1; i <= keyColumns.size(); i++) {
            min.add(row.get("key_min_" + i));
            max.add(row.get("key_max_" + i));
        }
        // present when the measures counted distinct unique keys (see ValidationSql#chunkMeasures)
        Long distinct = row.get(ValidationSql.DISTINCT_KEYS) == null ? null
                : number(row.get(ValidationSql.DISTINCT_KEYS)).longValueExact();
        Map<String, Long> nulls = new TreeMap<>();
        Map<String, String> sums = new TreeMap<>();
        for (int i = 0; i < columns.size(); i++) {
            ValidatedColumn column = columns.get(i);
            nulls.put(column.name(), number(require(row, "nulls_" + i)).longValueExact());
            if (column.kind() != ValidatedColumn.Kind.OTHER) {
                Object sum = row.get("sum_" + i);
                sums.put(column.name(), column.kind() == ValidatedColumn.Kind.FLOAT ? floatText(column, sum)
                        : sum == null ? "0" : number(sum).toPlainString());
            }
        }
        return new ChunkMeasures(chunk, rows, new Key(min), new Key(max), distinct, nulls, sums,
                digest(row, dialect, rows));
    }

    /** The digest from {@code row_count}, {@code hash_sum} and {@code hash_xor} or the 64 {@code hash_bit_<b>}. */
    public static RowHashDigest digest(Map<String, Object> row, QueryDialect dialect, long rows) {
        Object sum = row.get(ValidationSql.HASH_SUM);
        long xor = 0;
        if (dialect == QueryDialect.DUCKDB) {
            Object value = row.get(ValidationSql.HASH_XOR);
            xor = value == null ? 0 : number(value).longValue();
        } else {
            for (int b = 0; b < 64; b++) {
                if ((number(require(row, "hash_bit_" + b)).longValueExact() & 1) == 1) {
                    xor |= 1L << b;
                }
            }
        }
        return new RowHashDigest(rows, sum == null ? "0" : number(sum).toBigIntegerExact().toString(),
                HexFormat.of().toHexDigits(xor));
    }

    /** A double sum as a JDBC Double or as Athena's text ({@code NaN}, {@code Infinity}, {@code 1.5E10}). */
    private static String floatText(ValidatedColumn column, Object sum) {
        if (sum == null) {
            return Double.toString(0.0);
        }
        if (sum instanceof Number n) {
            return Double.toString(n.doubleValue());
        }
        try {
            return Double.toString(Double.parseDouble(sum.toString().trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("validation result: the sum of float column '" + column.name()
                    + "' is '" + sum + "', not a double", e);
        }
    }

    private static Object require(Map<String, Object> row, String label) {
        Object value = row.get(label);
        if (value == null) {
            throw new IllegalArgumentException("validation result row lacks " + label + ": " + row.keySet());
        }
        return value;
    }

    private static BigDecimal number(Object value) {
        return value instanceof BigDecimal d ? d : new BigDecimal(value.toString().trim());
    }
}
