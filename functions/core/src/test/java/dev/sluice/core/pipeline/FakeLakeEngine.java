package dev.sluice.core.pipeline;

import dev.sluice.core.query.FailureClass;
import dev.sluice.core.query.QueryEngine;
import dev.sluice.core.query.QueryRequest;
import dev.sluice.core.query.QueryStatus;
import dev.sluice.core.query.ResultColumn;
import dev.sluice.core.query.ResultTable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query engine over the fixture's lake rows: it answers each validation query by its name with what DuckDB would
 * compute over those rows (chunk measures, duplicated keys, the seeded sample, the key-range probes), and reports the
 * statuses a test sets per query name (default: succeeded).
 */
final class FakeLakeEngine implements QueryEngine {

    private final StepFixture fixture;
    final Map<String, QueryRequest> started = new LinkedHashMap<>();
    final Map<String, QueryStatus> statuses = new HashMap<>();

    FakeLakeEngine(StepFixture fixture) {
        this.fixture = fixture;
    }

    @Override
    public String start(QueryRequest request) {
        String id = "exec-" + request.queryName();
        started.put(id, request);
        return id;
    }

    @Override
    public QueryStatus check(String executionId) {
        QueryRequest request = started.get(executionId);
        return statuses.getOrDefault(request.queryName(), QueryStatus.succeeded());
    }

    static QueryStatus failed(FailureClass failureClass, String reason) {
        return new QueryStatus(QueryStatus.State.FAILED, reason, failureClass);
    }

    @Override
    public ResultTable results(String executionId) {
        QueryRequest request = started.get(executionId);
        String name = request.queryName();
        if (name.equals(ValidationQueries.MEASURES)) {
            return measures();
        }
        if (name.equals(ValidationQueries.DUPLICATES)) {
            return duplicates();
        }
        if (name.equals(ValidationQueries.SAMPLE)) {
            return sample(request);
        }
        List<StepFixture.LakeRow> range = range(request);
        if (name.startsWith("probe-summary")) {
            return table(List.of("row_count", "hash_sum", "hash_xor"), List.of(row(
                    Long.toString(range.size()), hashSum(range), Long.toString(hashXor(range)))));
        }
        if (name.startsWith("probe-rows")) {
            int limit = number(request.sql(), "LIMIT ([0-9]+)");
            return table(List.of("order_id", "_sluice_row_hash"), range.stream().limit(limit)
                    .map(r -> row(Long.toString(r.orderId), Long.toString(r.hash))).toList());
        }
        if (name.startsWith("probe-totals")) {
            String column = column(request.sql(), "count\\(\"([a-z_]+)\"\\) AS null_count");
            List<Object> values = range.stream().map(r -> value(r, column)).toList();
            long nulls = values.stream().filter(java.util.Objects::isNull).count();
            BigDecimal sum = values.stream().filter(java.util.Objects::nonNull)
                    .map(v -> new BigDecimal(v.toString())).reduce(BigDecimal.ZERO, BigDecimal::add);
            return table(List.of("row_count", "null_count", "column_sum"), List.of(row(Long.toString(range.size()),
                    Long.toString(nulls), nulls == range.size() ? null : sum.toPlainString())));
        }
        if (name.startsWith("probe-values")) {
            String column = column(request.sql(), "\"_sluice_row_hash\", \"([a-z_]+)\" AS column_value");
            int limit = number(request.sql(), "LIMIT ([0-9]+)");
            return table(List.of("order_id", "_sluice_row_hash", "column_value"), range.stream().limit(limit)
                    .map(r -> row(Long.toString(r.orderId), Long.toString(r.hash),
                            value(r, column) == null ? null : value(r, column).toString())).toList());
        }
        if (name.startsWith("probe-key")) {
            int offset = number(request.sql(), "OFFSET ([0-9]+)");
            return table(List.of("order_id"), range.stream().skip(offset).limit(1)
                    .map(r -> row(Long.toString(r.orderId))).toList());
        }
        throw new AssertionError("unexpected query " + name);
    }

    private ResultTable measures() {
        Map<String, List<StepFixture.LakeRow>> byChunk = new TreeMap<>();
        fixture.lakeRows.forEach(r -> byChunk.computeIfAbsent(r.chunkId, c -> new ArrayList<>()).add(r));
        List<List<String>> rows = new ArrayList<>();
        for (var chunk : byChunk.entrySet()) {
            List<StepFixture.LakeRow> rs = chunk.getValue();
            rows.add(row(chunk.getKey(), Long.toString(rs.size()),
                    Long.toString(rs.stream().mapToLong(r -> r.orderId).min().orElseThrow()),
                    Long.toString(rs.stream().mapToLong(r -> r.orderId).max().orElseThrow()),
                    Long.toString(rs.stream().mapToLong(r -> r.orderId).distinct().count()),
                    "0", Long.toString(rs.stream().mapToLong(r -> r.orderId).sum()),
                    Long.toString(rs.stream().filter(r -> r.qty == null).count()),
                    Long.toString(rs.stream().filter(r -> r.qty != null).mapToLong(r -> r.qty).sum()),
                    Long.toString(rs.stream().filter(r -> r.total == null).count()),
                    rs.stream().map(r -> r.total).filter(java.util.Objects::nonNull)
                            .reduce(BigDecimal.ZERO, BigDecimal::add).toPlainString(),
                    hashSum(rs), Long.toString(hashXor(rs))));
        }
        return table(List.of("chunk_id", "row_count", "key_min_1", "key_max_1", "distinct_keys", "nulls_0", "sum_0",
                "nulls_1", "sum_1", "nulls_2", "sum_2", "hash_sum", "hash_xor"), rows);
    }

    private ResultTable duplicates() {
        Map<List<Object>, Long> copies = new TreeMap<>(Comparator.comparing((List<Object> k) -> (String) k.get(0))
                .thenComparing(k -> (Long) k.get(1)));
        fixture.lakeRows.forEach(r -> copies.merge(List.of(r.chunkId, r.orderId), 1L, Long::sum));
        List<List<String>> rows = new ArrayList<>();
        copies.forEach((key, n) -> {
            if (n > 1) {
                rows.add(row((String) key.get(0), key.get(1).toString(), n.toString()));
            }
        });
        return table(List.of("chunk_id", "order_id", "copies"), rows);
    }

    private ResultTable sample(QueryRequest request) {
        long seed = SourceSample.seed(request.runId());
        int limit = number(request.sql(), "LIMIT ([0-9]+)");
        boolean withOp = request.sql().contains("\"_sluice_op\"");
        List<String> columns = withOp ? List.of("chunk_id", "order_id", "_sluice_row_hash", "_sluice_op")
                : List.of("chunk_id", "order_id", "_sluice_row_hash");
        return table(columns, fixture.lakeRows.stream()
                .sorted(Comparator.comparingLong((StepFixture.LakeRow r) -> r.hash ^ seed)
                        .thenComparingLong(r -> r.orderId))
                .limit(limit).map(r -> withOp ? row(r.chunkId, Long.toString(r.orderId), Long.toString(r.hash), r.op)
                        : row(r.chunkId, Long.toString(r.orderId), Long.toString(r.hash))).toList());
    }

    /** The rows of the probe's chunk and key range: parameters are the chunk, then the bounds the SQL compares. */
    private List<StepFixture.LakeRow> range(QueryRequest request) {
        List<Object> p = request.parameters();
        String chunk = (String) p.getFirst();
        int next = 1;
        Long lower = null;
        Long upper = null;
        if (request.sql().contains(">= ?")) {
            lower = ((Number) p.get(next++)).longValue();
        }
        if (request.sql().contains("< ?")) {
            upper = ((Number) p.get(next)).longValue();
        }
        Long lo = lower;
        Long hi = upper;
        return fixture.lakeRows.stream().filter(r -> r.chunkId.equals(chunk))
                .filter(r -> lo == null || r.orderId >= lo).filter(r -> hi == null || r.orderId < hi)
                .sorted(Comparator.comparingLong(r -> r.orderId)).toList();
    }

    private static String hashSum(List<StepFixture.LakeRow> rows) {
        BigInteger sum = BigInteger.ZERO;
        for (StepFixture.LakeRow r : rows) {
            sum = sum.add(BigInteger.valueOf(r.hash));
        }
        return sum.toString();
    }

    private static long hashXor(List<StepFixture.LakeRow> rows) {
        long xor = 0;
        for (StepFixture.LakeRow r : rows) {
            xor ^= r.hash;
        }
        return xor;
    }

    private static Object value(StepFixture.LakeRow row, String column) {
        return switch (column) {
            case "order_id" -> row.orderId;
            case "qty" -> row.qty;
            case "total" -> row.total;
            default -> throw new AssertionError("no lake column " + column);
        };
    }

    private static String column(String sql, String regex) {
        Matcher m = Pattern.compile(regex).matcher(sql);
        if (!m.find()) {
            throw new AssertionError("no " + regex + " in " + sql);
        }
        return m.group(1);
    }

    private static int number(String sql, String regex) {
        Matcher m = Pattern.compile(regex).matcher(sql);
        if (!m.find()) {
            throw new AssertionError("no " + regex + " in " + sql);
        }
        return Integer.parseInt(m.group(1));
    }

    private static List<String> row(String... values) {
        return java.util.Arrays.asList(values);
    }

    private static ResultTable table(List<String> names, List<List<String>> rows) {
        List<ResultColumn> columns = names.stream().map(n -> new ResultColumn(n, n.equals("chunk_id")
                ? "VARCHAR" : n.startsWith("sum_2") ? "DECIMAL(38,2)" : "BIGINT")).toList();
        return new ResultTable(columns, rows);
    }
}
