package dev.sluice.core.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.core.lake.ChunkStatistics;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.types.ColumnMapping;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the rows of one chunk's {@code ResultSet} column by column into lake values, the row hash and the chunk's
 * statistics; stores them in a {@link RowBatch} when given one. Shared by the chunk writer and the
 * source sample check, so both see exactly the same conversions and hash.
 */
final class ChunkRowReader {

    private final ChunkRequest request;
    private final List<ColumnReader> readers = new ArrayList<>();
    private final ColumnReader[] keyReaders;
    private final int jdbcColumns;
    private final RowHasher hasher = new RowHasher();
    private final ChunkStatistics statistics;
    private JsonNode firstKey;

    /** A reader that keeps the chunk's {@link ChunkStatistics} when {@code withStatistics}. */
    ChunkRowReader(ChunkRequest request, boolean withStatistics) {
        this.request = request;
        int jdbc = 1;
        int field = 0;
        for (ColumnMapping column : request.columns()) {
            if (column.blocking()) {
                throw new IllegalArgumentException("column " + request.table() + "." + column.source().name()
                        + " is " + column.status().label() + " (" + column.statusReason() + "): chunk "
                        + request.chunkId() + " cannot be extracted until config states a policy for it");
            }
            if (column.lakeColumns().isEmpty()) {
                continue;
            }
            ColumnReader reader = ColumnReader.of(column, jdbc, field);
            readers.add(reader);
            jdbc += reader.jdbcWidth();
            field += column.lakeColumns().size();
        }
        this.jdbcColumns = jdbc - 1;
        List<String> names = new ArrayList<>();
        List<String> summed = new ArrayList<>();
        for (ColumnReader r : readers) {
            r.statIndex = names.size();
            r.lakeColumns.forEach(l -> names.add(l.name()));
            if (r.summed()) {
                summed.add(r.lakeName);
            }
        }
        this.statistics = withStatistics ? new ChunkStatistics(names, summed) : null;
        readers.forEach(r -> r.stats = statistics);
        this.keyReaders = request.keyColumns().stream()
                .map(k -> readers.stream().filter(r -> r.column.equals(k)).findFirst().orElseThrow())
                .toArray(ColumnReader[]::new);
        for (ColumnReader k : keyReaders) {
            k.key = true;
        }
    }

    /**
     * True when every column can be read from PostgreSQL's binary COPY stream ({@link ColumnReader#decodesBinaryCopy})
     * and the read is not Change Tracking: then {@link #decodeRow} gives the same values, hash and statistics as
     * {@link #readRow} would through the driver.
     */
    boolean decodesBinaryCopy() {
        return !request.changeTracking() && readers.stream().allMatch(ColumnReader::decodesBinaryCopy);
    }

    /** Number of select-list items (= fields of each binary COPY row). */
    int selectItems() {
        return jdbcColumns;
    }

    /**
     * Reads one binary COPY row whose field {@code i} is {@code b[base + offsets[i] .. + lengths[i])} (length -1 for
     * NULL): every column is converted, hashed and (with {@code out}) stored in the batch's row {@code out.row}.
     */
    long decodeRow(byte[] b, int base, int[] offsets, int[] lengths, RowBatch out) {
        hasher.beginRow();
        for (ColumnReader reader : readers) {
            int i = reader.jdbcIndex - 1;
            try {
                reader.decode(b, base + offsets[i], lengths[i], out, hasher);
            } catch (ValueProblem problem) {
                throw new ChunkValueException(request.table().toString(), reader.column, request.chunkId(),
                        copyKey(b, base, offsets, lengths), problem.getMessage(), problem.fix(), null);
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw new ChunkValueException(request.table().toString(), reader.column, request.chunkId(),
                        copyKey(b, base, offsets, lengths), "the value cannot be converted: " + e.getMessage(),
                        LakeValues.AS_STRING, e);
            }
        }
        return hasher.endRow();
    }

    /** A binary COPY row's key as {@code col=value, ...} in the key's canonical text (for messages only). */
    private String copyKey(byte[] b, int base, int[] offsets, int[] lengths) {
        StringBuilder key = new StringBuilder();
        RowHasher scratch = new RowHasher();
        for (ColumnReader k : keyReaders) {
            if (!key.isEmpty()) {
                key.append(", ");
            }
            String value;
            try {
                int i = k.jdbcIndex - 1;
                k.decode(b, base + offsets[i], lengths[i], null, scratch);
                KeyValue v = k.lastKeyValue();
                value = v == null ? "NULL" : v.value();
            } catch (RuntimeException e) {
                value = "<unreadable: " + e.getClass().getSimpleName() + ">";
            }
            key.append(k.column).append('=').append(value);
        }
        return key.toString();
    }

    /** Number of Parquet fields holding source values (Sluice's own columns follow them). */
    int sourceFields() {
        return readers.stream().mapToInt(r -> r.lakeColumns.size()).sum();
    }

    /** The lake columns holding source values, in Parquet field order. */
    List<dev.sluice.core.types.LakeColumn> sourceLakeColumns() {
        List<dev.sluice.core.types.LakeColumn> columns = new ArrayList<>();
        readers.forEach(r -> columns.addAll(r.lakeColumns));
        return columns;
    }

    /**
     * Checks that the result set has the select list {@link ChunkRequest} describes, so a misaligned query fails
     * before any row rather than writing one column's values under another's name.
     */
    void checkSelectList(ResultSetMetaData meta) throws SQLException {
        int expected = jdbcColumns + (request.changeTracking() ? 1 : 0);
        if (meta.getColumnCount() != expected) {
            throw new IllegalArgumentException("chunk " + request.chunkId() + " of " + request.table() + ": the query "
                    + "returns " + meta.getColumnCount() + " columns, the mapping expects " + expected
                    + "; the select list must be rendered from the same column mappings");
        }
        for (ColumnReader r : readers) {
            requireLabel(meta, r.jdbcIndex, r.column);
            if (r.jdbcWidth() == 2) {
                requireLabel(meta, r.jdbcIndex + 1, r.lakeColumns.get(1).name());
            }
        }
        if (request.changeTracking()) {
            requireLabel(meta, expected, request.changeOperationColumn());
        }
    }

    private void requireLabel(ResultSetMetaData meta, int index, String expected) throws SQLException {
        String label = meta.getColumnLabel(index);
        if (label == null || !label.toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("chunk " + request.chunkId() + " of " + request.table() + ": select "
                    + "list item " + index + " is labelled '" + label + "' where the mapping expects '" + expected
                    + "'; alias each projection with its column name");
        }
    }

    /** The JDBC index of the Change Tracking operation. */
    int operationIndex() {
        return jdbcColumns + 1;
    }

    /**
     * Reads the current row: every column is converted, hashed and (with {@code out}) stored in the batch's row
     * {@code out.row}. Returns the row hash.
     */
    long readRow(ResultSet rs, RowBatch out) throws SQLException {
        hasher.beginRow();
        for (ColumnReader reader : readers) {
            try {
                reader.read(rs, out, hasher);
            } catch (ValueProblem problem) {
                throw new ChunkValueException(request.table().toString(), reader.column, request.chunkId(),
                        currentKey(rs), problem.getMessage(), problem.fix(), null);
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw new ChunkValueException(request.table().toString(), reader.column, request.chunkId(),
                        currentKey(rs), "the value cannot be converted: " + e.getMessage(), LakeValues.AS_STRING, e);
            }
        }
        return hasher.endRow();
    }

    /**
     * The last row's value of the source column written to lake column {@code lakeColumn} as {@link #readRow}
     * converted it (a JSON number or text; JSON null for NULL), or Java null when no source column is written to
     * that lake column (a companion such as {@code _sluice_offset_<col>}, or an unknown name).
     */
    JsonNode lastValue(String lakeColumn) {
        for (ColumnReader reader : readers) {
            if (reader.lakeName.equals(lakeColumn)) {
                return reader.lastValue();
            }
        }
        return null;
    }

    /** The current row's key as {@code col=value, ...}, read as text (for messages only). */
    String currentKey(ResultSet rs) {
        StringBuilder key = new StringBuilder();
        for (ColumnReader k : keyReaders) {
            if (!key.isEmpty()) {
                key.append(", ");
            }
            String value;
            try {
                value = rs.getString(k.jdbcIndex);
            } catch (SQLException | RuntimeException e) {
                value = "<unreadable: " + e.getClass().getSimpleName() + ">";
            }
            key.append(k.column).append('=').append(value);
        }
        return key.toString();
    }

    /**
     * The key of the last row read in the source side's encoding, the one chunk plans carry their bounds in: a JSON
     * array with one {@code {"type":..,"value":..}} {@link KeyValue} per key column, in key order (JSON null for a
     * NULL key value), so validation compares plan bounds, manifest key ranges and query results alike.
     */
    JsonNode lastKey() {
        ArrayNode key = JsonNodeFactory.instance.arrayNode();
        for (ColumnReader k : keyReaders) {
            KeyValue value = k.lastKeyValue();
            if (value == null) {
                key.addNull();
            } else {
                key.addObject().put("type", value.type()).put("value", value.value());
            }
        }
        return key;
    }

    /** Counts a row read with its hash; the first row's key is kept as the chunk's lower key bound. */
    void countRow(long hash) {
        if (statistics.rowCount() == 0) {
            firstKey = lastKey();
        }
        statistics.row(hash);
    }

    /** The key of the first row counted, or null before any. */
    JsonNode firstKey() {
        return firstKey;
    }

    /** Row count, nulls, exact sums and row hash digest (the chunk writer adds each row's hash). */
    ChunkStatistics statistics() {
        if (statistics != null) {
            readers.forEach(ColumnReader::flushStatistics);
        }
        return statistics;
    }

    /** Sums of float/real/double columns in double arithmetic, by lake column. */
    Map<String, Double> floatSums() {
        Map<String, Double> sums = new TreeMap<>();
        readers.forEach(r -> r.floatSums(sums));
        return sums;
    }
}
