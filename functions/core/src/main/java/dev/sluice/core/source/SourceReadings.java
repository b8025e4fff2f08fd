package dev.sluice.core.source;

/**
 * What a watermark calculation needs from the source, read in one query at planning time.
 *
 * @param dbNow                       the source's clock ({@code clock_timestamp()}, {@code SYSUTCDATETIME()} or
 *                                    {@code SYSDATETIMEOFFSET()}), typed like the watermark column
 * @param oldestOpenTransaction       the start of the oldest transaction open on the source other than ours, typed
 *                                    like the watermark column, already lowered by the activity view's own rounding
 *                                    (null when none is open or when the activity view is not visible)
 * @param activityVisible             whether every session's transaction was visible to us; when false the bound
 *                                    above is unknown and timestamp windows rely on safety lag and lookback
 * @param minActiveRowversion         SQL Server {@code MIN_ACTIVE_ROWVERSION()} as a number (rowversion only)
 * @param changeTrackingCurrentVersion SQL Server {@code CHANGE_TRACKING_CURRENT_VERSION()} (change tracking only)
 * @param changeTrackingMinValidVersion {@code CHANGE_TRACKING_MIN_VALID_VERSION} of the table (change tracking only)
 * @param maxKey                      the largest committed value of the key watermark column (key only; null when
 *                                    the table is empty)
 */
public record SourceReadings(
        KeyValue dbNow,
        KeyValue oldestOpenTransaction,
        boolean activityVisible,
        Long minActiveRowversion,
        Long changeTrackingCurrentVersion,
        Long changeTrackingMinValidVersion,
        KeyValue maxKey) {

    /** Readings of a timestamp cursor. */
    public static SourceReadings timestamp(KeyValue dbNow, KeyValue oldestOpenTransaction, boolean activityVisible) {
        return new SourceReadings(dbNow, oldestOpenTransaction, activityVisible, null, null, null, null);
    }

    /** Readings of a rowversion cursor. */
    public static SourceReadings rowversion(KeyValue dbNow, long minActiveRowversion) {
        return new SourceReadings(dbNow, null, true, minActiveRowversion, null, null, null);
    }

    /** Readings of an identity-key cursor. */
    public static SourceReadings key(KeyValue dbNow, KeyValue maxKey) {
        return new SourceReadings(dbNow, null, true, null, null, null, maxKey);
    }

    /** Readings of SQL Server change tracking. */
    public static SourceReadings changeTracking(KeyValue dbNow, Long currentVersion, Long minValidVersion) {
        return new SourceReadings(dbNow, null, true, null, currentVersion, minValidVersion, null);
    }

    /** Readings of a full load: only the clock. */
    public static SourceReadings clockOnly(KeyValue dbNow) {
        return new SourceReadings(dbNow, null, true, null, null, null, null);
    }
}
