package dev.sluice.core.load;

import java.util.List;

/**
 * The {@code _sluice_*} columns the load relies on, as the extractor writes them into every Parquet file after the
 * table's own lake columns ({@code dev.sluice.core.extract.ParquetSchemas}): row hash, run id, chunk id,
 * extracted-at, and the op only for Change Tracking reads. A Redshift COPY of Parquet maps columns by position, so
 * {@link #lake(boolean)} lists them in file order. The validity columns exist only in the target.
 */
public final class SluiceColumns {

    /** 64-bit hash of the row's values (signed BIGINT); the validation digest and change detection use it. */
    public static final String ROW_HASH = "_sluice_row_hash";
    /** The chunk the row was extracted in. */
    public static final String CHUNK_ID = "_sluice_chunk_id";
    /** {@code I}, {@code U} or {@code D} (change tracking); {@code I} for other watermarks. */
    public static final String OP = "_sluice_op";
    /** When the extractor read the row (UTC instant). */
    public static final String EXTRACTED_AT = "_sluice_extracted_at";

    /** The run that extracted the row (in the lake), the run that last wrote it (in the target). */
    public static final String RUN_ID = "_sluice_run_id";
    /** Target only (scd2): when this version became current. */
    public static final String VALID_FROM = "_sluice_valid_from";
    /** Target only (scd2): when this version stopped being current; null while current. */
    public static final String VALID_TO = "_sluice_valid_to";
    /** Target only (scd2): true for the one current version of a key. */
    public static final String IS_CURRENT = "_sluice_is_current";

    /** The metadata columns of a lake file, in file order, with their Redshift types; the op only with Change Tracking. */
    public static List<TargetColumn> lake(boolean changeTracking) {
        List<TargetColumn> columns = new java.util.ArrayList<>(List.of(
                new TargetColumn(ROW_HASH, "BIGINT", false),
                new TargetColumn(RUN_ID, "VARCHAR(128)", false),
                new TargetColumn(CHUNK_ID, "VARCHAR(64)", false),
                new TargetColumn(EXTRACTED_AT, "TIMESTAMPTZ", false)));
        if (changeTracking) {
            columns.add(new TargetColumn(OP, "VARCHAR(1)", false));
        }
        return List.copyOf(columns);
    }

    private SluiceColumns() {
    }
}
