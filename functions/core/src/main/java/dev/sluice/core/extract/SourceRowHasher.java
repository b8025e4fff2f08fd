package dev.sluice.core.extract;

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
}
