package dev.sluice.core.extract;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Hashes rows re-read from the source exactly as the chunk writer hashed them into {@code _sluice_row_hash}: same
 * getters, same conversions, same canonical encoding. The source sample check re-reads a sample of keys with the
 * chunk's select list and compares these hashes with the lake's.
 */
public final class SourceRowHasher {

    private final ChunkRowReader rows;
    private boolean checked;

    public SourceRowHasher(ChunkRequest request) {
        this.rows = new ChunkRowReader(request, false);
    }

    /** The row hash of {@code rs}'s current row; the select list is checked on the first call. */
    public long hash(ResultSet rs) throws SQLException {
        if (!checked) {
            rows.checkSelectList(rs.getMetaData());
            checked = true;
        }
        return rows.readRow(rs, null);
    }

    /**
     * The value of lake column {@code lakeColumn} in the row last hashed, as it was carried to the lake: a Number
     * (integers as Long, doubles as Double, decimals as BigDecimal), text ({@code NaN}, {@code Infinity}, dates,
     * strings), or null for NULL.
     *
     * @throws IllegalArgumentException when no source column is written to that lake column (a companion)
     */
    public Object lastValue(String lakeColumn) {
        JsonNode value = rows.lastValue(lakeColumn);
        if (value == null) {
            throw new IllegalArgumentException("lake column " + lakeColumn + " is not the value column of a source"
                    + " column of this chunk");
        }
        if (value.isNull()) {
            return null;
        }
        return value.isNumber() ? value.numberValue() : value.asText();
    }
}
