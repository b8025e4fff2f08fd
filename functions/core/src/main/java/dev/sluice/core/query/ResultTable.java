package dev.sluice.core.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a query or statement result, every value as the engine's text ({@code null} for SQL NULL), with the
 * column metadata. Validation results are a handful of aggregate rows; the whole result is held in memory.
 */
public record ResultTable(List<ResultColumn> columns, List<List<String>> rows) {

    public ResultTable {
        columns = List.copyOf(columns);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("a result row has " + row.size() + " values for "
                        + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** The position of the column named {@code name} (case-insensitive). */
    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("the result has no column " + name + "; it has "
                + columns.stream().map(ResultColumn::name).toList());
    }
}
