package dev.sluice.core.validate;

import dev.sluice.core.load.SluiceColumns;
import dev.sluice.core.load.SqlIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The SQL that measures a run's rows in the lake, per {@code _sluice_chunk_id}, the same way the extractor measured
 * them into the chunk manifests: row count, key min/max, duplicate keys, per-column null counts, exact sums, double
 * sums of floating-point columns (reconciled with the manifests' {@code floatSums}) and the
 * {@code _sluice_row_hash} digest ({@link dev.sluice.core.lake.RowHashDigest}). Athena (Trino) and DuckDB variants;
 * {@link ChunkMeasures#fromRow} reads a result row back under the column labels used here.
 *
 * <p>Nothing here can overflow: integer and decimal sums are cast to {@code DECIMAL(38,s)} (Athena, whose bigint
 * sum fails on overflow) or {@code HUGEINT} (DuckDB) first; the hash sum likewise. The digest's XOR is
 * {@code bit_xor} in DuckDB; Athena computes it as 64 per-bit counts ({@code hash_bit_<b>}, the parity of each is
 * the XOR's bit) because {@code bitwise_xor_agg} is missing from older Trino versions.
 *
 * <p>Identifiers are validated and quoted; the only literal is the validated run id. The key-range queries of
 * {@link KeyRangeProbe} implementations bind the key bounds as parameters ({@link BoundQuery}).
 */
public final class ValidationSql {

    /** Column labels of {@link #chunkMeasures}. */
    static final String CHUNK = "chunk_id";
    static final String ROWS = "row_count";
    static final String DISTINCT_KEYS = "distinct_keys";
    static final String HASH_SUM = "hash_sum";
    static final String HASH_XOR = "hash_xor";

    private ValidationSql() {
    }

    /**
     * One row per chunk: {@code chunk_id}, {@code row_count}, {@code key_min_<i>}/{@code key_max_<i>} for each key
     * column (1-based; the key tuple's minimum and maximum, compared as a tuple), {@code distinct_keys},
     * {@code nulls_<i>} and {@code sum_<i>} for each column (0-based index into {@code columns}), {@code hash_sum}
     * and {@code hash_xor} (DuckDB) or {@code hash_bit_0..63} (Athena).
     */
    public static String chunkMeasures(QueryDialect dialect, RunRelation relation, List<String> keyColumns,
                                       List<ValidatedColumn> columns) {
        return chunkMeasures(dialect, relation, keyColumns, keyColumns, columns);
    }

    /**
     * As above, for chunks that are ranges over other columns than the unique key (a time-ranged backfill):
     * {@code key_min_<i>}/{@code key_max_<i>} over {@code keyColumns} (the columns the chunk manifests record bounds
     * for), {@code distinct_keys} over {@code uniqueColumns} (the primary key; none: no duplicate check).
     */
    public static String chunkMeasures(QueryDialect dialect, RunRelation relation, List<String> keyColumns,
                                       List<String> uniqueColumns, List<ValidatedColumn> columns) {
        List<String> select = new ArrayList<>();
        select.add(q(SluiceColumns.CHUNK_ID) + " AS " + CHUNK);
        select.add("count(*) AS " + ROWS);
        List<String> keys = keyColumns.stream().map(ValidationSql::q).toList();
        String tuple = keys.size() == 1 ? keys.getFirst()
                : (dialect == QueryDialect.ATHENA ? "ROW(" : "(") + String.join(", ", keys) + ")";
        for (int i = 0; i < keys.size(); i++) {
            if (keys.size() == 1) {
                select.add("min(" + keys.get(i) + ") AS key_min_1");
                select.add("max(" + keys.get(i) + ") AS key_max_1");
            } else {
                String min = dialect == QueryDialect.ATHENA ? "min_by" : "arg_min";
                String max = dialect == QueryDialect.ATHENA ? "max_by" : "arg_max";
                select.add(min + "(" + keys.get(i) + ", " + tuple + ") AS key_min_" + (i + 1));
                select.add(max + "(" + keys.get(i) + ", " + tuple + ") AS key_max_" + (i + 1));
            }
        }
        List<String> unique = uniqueColumns.stream().map(ValidationSql::q).toList();
        if (!unique.isEmpty()) {
            String uniqueTuple = unique.size() == 1 ? unique.getFirst()
                    : (dialect == QueryDialect.ATHENA ? "ROW(" : "(") + String.join(", ", unique) + ")";
            select.add("count(DISTINCT " + uniqueTuple + ") AS " + DISTINCT_KEYS);
        }
        for (int i = 0; i < columns.size(); i++) {
            ValidatedColumn column = columns.get(i);
            String c = q(column.name());
            select.add("count(*) - count(" + c + ") AS nulls_" + i);
            switch (column.kind()) {
                case EXACT_NUMERIC -> select.add("sum(" + exact(dialect, c, column.scale()) + ") AS sum_" + i);
                case FLOAT -> select.add("sum(CAST(" + c + " AS DOUBLE)) AS sum_" + i);
                case OTHER -> { }
            }
        }
        String hash = q(SluiceColumns.ROW_HASH);
        select.add("sum(" + exact(dialect, hash, 0) + ") AS " + HASH_SUM);
        if (dialect == QueryDialect.DUCKDB) {
            select.add("bit_xor(" + hash + ") AS " + HASH_XOR);
        } else {
            select.addAll(bitCounts(hash));
        }
        return "SELECT " + String.join(", ", select) + " FROM " + relation.from() + " WHERE " + relation.runFilter()
                + " GROUP BY " + q(SluiceColumns.CHUNK_ID) + " ORDER BY " + q(SluiceColumns.CHUNK_ID);
    }

    /**
     * Keys present more than once in the run, with their chunk and count: {@code chunk_id}, the key columns,
     * {@code copies}; at most {@code limit} rows, most copies first.
     */
    public static String duplicateKeys(RunRelation relation, List<String> keyColumns, int limit) {
        if (keyColumns.isEmpty() || limit < 1) {
            throw new IllegalArgumentException("duplicate keys need a key and a positive limit");
        }
        String keys = keyColumns.stream().map(ValidationSql::q).collect(Collectors.joining(", "));
        return "SELECT " + q(SluiceColumns.CHUNK_ID) + " AS " + CHUNK + ", " + keys + ", count(*) AS copies FROM "
                + relation.from() + " WHERE " + relation.runFilter() + " GROUP BY " + q(SluiceColumns.CHUNK_ID)
                + ", " + keys + " HAVING count(*) > 1 ORDER BY copies DESC, " + keys + " LIMIT " + limit;
    }

    /** {@link #sampleRows(QueryDialect, RunRelation, List, long, int, boolean)} without the operation. */
    public static String sampleRows(QueryDialect dialect, RunRelation relation, List<String> keyColumns, long seed,
                                    int limit) {
        return sampleRows(dialect, relation, keyColumns, seed, limit, false);
    }

    /**
     * A sample of the run's rows for the source sample check: {@code chunk_id}, the key columns and
     * {@code _sluice_row_hash} (and {@code _sluice_op} with {@code withOperation}: a change tracking table's delete
     * is checked for the key's absence rather than by hash), at most {@code limit} rows. The rows are those first in the order of their row hash
     * XOR {@code seed} (then key): a pseudo-random choice that is the same every time for the same run (the seed is
     * derived from the run id), so a rerun checks the same keys and writes the same report.
     *
     * @param seed a non-negative seed (written as a numeric literal)
     */
    public static String sampleRows(QueryDialect dialect, RunRelation relation, List<String> keyColumns, long seed,
                                    int limit, boolean withOperation) {
        if (keyColumns.isEmpty() || limit < 1 || seed < 0) {
            throw new IllegalArgumentException("a row sample needs a key, a positive limit and a non-negative seed");
        }
        String keys = keyColumns.stream().map(ValidationSql::q).collect(Collectors.joining(", "));
        String hash = q(SluiceColumns.ROW_HASH);
        String shuffled = (dialect == QueryDialect.ATHENA ? "bitwise_xor(" : "xor(") + hash + ", " + seed + ")";
        return "SELECT " + q(SluiceColumns.CHUNK_ID) + " AS " + CHUNK + ", " + keys + ", " + hash
                + (withOperation ? ", " + q(SluiceColumns.OP) : "") + " FROM " + relation.from() + " WHERE " + relation.runFilter() + " ORDER BY " + shuffled + ", " + keys
                + " LIMIT " + limit;
    }

    /** Count and digest of a chunk's rows in a key range: {@code row_count}, {@code hash_sum}, xor as above. */
    public static BoundQuery rangeSummary(QueryDialect dialect, RunRelation relation, List<String> keyColumns,
                                          String chunkId, KeyRange range) {
        String hash = q(SluiceColumns.ROW_HASH);
        List<String> select = new ArrayList<>(List.of("count(*) AS " + ROWS,
                "sum(" + exact(dialect, hash, 0) + ") AS " + HASH_SUM));
        if (dialect == QueryDialect.DUCKDB) {
            select.add("bit_xor(" + hash + ") AS " + HASH_XOR);
        } else {
            select.addAll(bitCounts(hash));
        }
        BoundQuery where = rangeWhere(relation, keyColumns, chunkId, range);
        return new BoundQuery("SELECT " + String.join(", ", select) + " FROM " + relation.from() + " WHERE "
                + where.sql(), where.parameters());
    }

    /** A chunk's keys and row hashes in a key range, in key order: the key columns, then {@code _sluice_row_hash}. */
    public static BoundQuery rangeRows(RunRelation relation, List<String> keyColumns, String chunkId, KeyRange range,
                                       int limit) {
        String keys = keyColumns.stream().map(ValidationSql::q).collect(Collectors.joining(", "));
        BoundQuery where = rangeWhere(relation, keyColumns, chunkId, range);
        return new BoundQuery("SELECT " + keys + ", " + q(SluiceColumns.ROW_HASH) + " FROM " + relation.from()
                + " WHERE " + where.sql() + " ORDER BY " + keys + " LIMIT " + limit, where.parameters());
    }

    /** The key at position {@code offset} (0-based, key order) of a chunk's key range: where to bisect it. */
    public static BoundQuery keyAt(RunRelation relation, List<String> keyColumns, String chunkId, KeyRange range,
                                   long offset) {
        String keys = keyColumns.stream().map(ValidationSql::q).collect(Collectors.joining(", "));
        BoundQuery where = rangeWhere(relation, keyColumns, chunkId, range);
        return new BoundQuery("SELECT " + keys + " FROM " + relation.from() + " WHERE " + where.sql() + " ORDER BY "
                + keys + " OFFSET " + offset + " LIMIT 1", where.parameters());
    }

    /** Column labels of {@link #rangeTotals} and {@link #rangeValues}. */
    static final String NULLS = "null_count";
    static final String SUM = "column_sum";
    static final String VALUE = "column_value";

    /**
     * One column's measures over a chunk's key range, as {@link #chunkMeasures} computes them over the whole chunk:
     * {@code row_count}, {@code null_count} and, for a numeric column, {@code column_sum}.
     */
    public static BoundQuery rangeTotals(QueryDialect dialect, RunRelation relation, List<String> keyColumns,
                                         String chunkId, KeyRange range, ValidatedColumn column) {
        String c = q(column.name());
        String sum = switch (column.kind()) {
            case EXACT_NUMERIC -> ", sum(" + exact(dialect, c, column.scale()) + ") AS " + SUM;
            case FLOAT -> ", sum(CAST(" + c + " AS DOUBLE)) AS " + SUM;
            case OTHER -> "";
        };
        BoundQuery where = rangeWhere(relation, keyColumns, chunkId, range);
        return new BoundQuery("SELECT count(*) AS " + ROWS + ", count(*) - count(" + c + ") AS " + NULLS + sum
                + " FROM " + relation.from() + " WHERE " + where.sql(), where.parameters());
    }

    /**
     * A chunk's rows in a key range with one column's value, in key order: the key columns,
     * {@code _sluice_row_hash}, {@code column_value} (the value of a numeric column, as a double for a floating-point
     * one; {@code 1} or NULL for any other column, whose values are compared by nullness only).
     */
    public static BoundQuery rangeValues(RunRelation relation, List<String> keyColumns, String chunkId,
                                         KeyRange range, ValidatedColumn column, int limit) {
        String c = q(column.name());
        String value = switch (column.kind()) {
            case EXACT_NUMERIC -> c;
            case FLOAT -> "CAST(" + c + " AS DOUBLE)";
            case OTHER -> "CASE WHEN " + c + " IS NULL THEN NULL ELSE 1 END";
        };
        String keys = keyColumns.stream().map(ValidationSql::q).collect(Collectors.joining(", "));
        BoundQuery where = rangeWhere(relation, keyColumns, chunkId, range);
        return new BoundQuery("SELECT " + keys + ", " + q(SluiceColumns.ROW_HASH) + ", " + value + " AS " + VALUE
                + " FROM " + relation.from() + " WHERE " + where.sql() + " ORDER BY " + keys + " LIMIT " + limit,
                where.parameters());
    }

    /**
     * The run filter, the chunk and the range as a lexicographic predicate on the key tuple, written out
     * column by column ({@code k1 > ? OR (k1 = ? AND k2 >= ?)}) so it means the same in every engine.
     */
    static BoundQuery rangeWhere(RunRelation relation, List<String> keyColumns, String chunkId, KeyRange range) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(chunkId);
        StringBuilder sql = new StringBuilder(relation.runFilter() + " AND " + q(SluiceColumns.CHUNK_ID) + " = ?");
        if (range.lower() != null) {
            sql.append(" AND ").append(tupleCompare(keyColumns, range.lower().values(), ">=", parameters));
        }
        if (range.upper() != null) {
            sql.append(" AND ").append(tupleCompare(keyColumns, range.upper().values(), "<", parameters));
        }
        return new BoundQuery(sql.toString(), parameters);
    }

    private static String tupleCompare(List<String> keys, List<Object> bound, String op, List<Object> parameters) {
        if (bound.size() != keys.size()) {
            throw new IllegalArgumentException("key bound " + bound + " does not have one value per key column " + keys);
        }
        String strict = op.substring(0, 1);
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            List<String> terms = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                terms.add(q(keys.get(j)) + " = ?");
                parameters.add(bound.get(j));
            }
            boolean last = i == keys.size() - 1;
            terms.add(q(keys.get(i)) + " " + (last ? op : strict) + " ?");
            parameters.add(bound.get(i));
            alternatives.add(terms.size() == 1 ? terms.getFirst() : "(" + String.join(" AND ", terms) + ")");
        }
        return "(" + String.join(" OR ", alternatives) + ")";
    }

    private static List<String> bitCounts(String hash) {
        return IntStream.range(0, 64).mapToObj(b -> b == 63
                ? "count_if(" + hash + " < 0) AS hash_bit_63"
                : "count_if(bitwise_and(" + hash + ", " + (1L << b) + ") <> 0) AS hash_bit_" + b).toList();
    }

    private static String exact(QueryDialect dialect, String column, int scale) {
        return dialect == QueryDialect.ATHENA
                ? "CAST(" + column + " AS DECIMAL(38, " + scale + "))"
                : (scale == 0 ? "CAST(" + column + " AS HUGEINT)" : column);
    }

    private static String q(String name) {
        return SqlIdentifier.quote("validated column", name);
    }
}
