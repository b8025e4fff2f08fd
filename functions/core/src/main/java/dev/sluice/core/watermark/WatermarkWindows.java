package dev.sluice.core.watermark;

import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceReadings;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The next run's window, as a pure function of the config, the committed watermark and the source readings
 * (see "Watermarks" in DESIGN.md and docs/WATERMARKS.md):
 * <ul>
 *   <li>{@code timestamp}: {@code (committed high - lookback, high]} with
 *       {@code high = min(db_now - safetyLag, oldest open transaction start - resolution)}, strictly before the
 *       oldest open transaction because its rows may carry its start time;</li>
 *   <li>{@code rowversion}: {@code (committed high, MIN_ACTIVE_ROWVERSION() - 1]};</li>
 *   <li>{@code key}: {@code (committed high, max committed key]};</li>
 *   <li>{@code changeTracking}: {@code (last synced version, current version]}, failing when the last version is
 *       older than the table's minimum valid version;</li>
 *   <li>{@code full}: the whole table as of the source clock.</li>
 * </ul>
 * Without a committed watermark the window starts at the beginning (a backfill). A window whose high does not pass
 * the committed high is empty ("nothing new"); the high never moves backwards.
 */
public final class WatermarkWindows {

    private WatermarkWindows() {
    }

    /**
     * @param table     {@code schema.table}, for messages
     * @param column    the watermark column as described (null for {@code changeTracking} and {@code full})
     * @param committed the table's committed watermark, empty before the first run
     */
    public static WatermarkWindow next(String table, WatermarkConfig config, SourceColumn column,
                                       Optional<Watermark> committed, SourceReadings readings) {
        committed.ifPresent(w -> checkCompatible(table, config, w));
        return switch (config.type()) {
            case TIMESTAMP -> timestamp(table, config, column, committed, readings);
            case ROWVERSION -> rowversion(table, config, committed, readings);
            case KEY -> key(table, config, committed, readings);
            case CHANGE_TRACKING -> changeTracking(table, committed, readings);
            case FULL -> new WatermarkWindow(config.type(), null, null, null, null, readings.dbNow(), true, false,
                    "whole table", List.of());
        };
    }

    /**
     * An explicit window {@code (from, to]} (a rerun of a date range, mode {@code window}): the bounds as given, not
     * derived from the committed watermark, which such a run never moves. Only {@code timestamp}, {@code rowversion}
     * and {@code key} watermarks have ordered bounds to run between.
     *
     * @param column   the watermark column as described
     * @param readings the source readings (the source clock fixes the run's instant; a {@code to} beyond the safe
     *                 high bound of an incremental run is allowed but warned about)
     * @throws WatermarkException naming the table and the fix when the bounds do not fit the watermark
     */
    public static WatermarkWindow explicit(String table, WatermarkConfig config, SourceColumn column, KeyValue from,
                                           KeyValue to, SourceReadings readings) {
        if (config.type() != WatermarkConfig.Type.TIMESTAMP && config.type() != WatermarkConfig.Type.ROWVERSION
                && config.type() != WatermarkConfig.Type.KEY) {
            throw new WatermarkException("table " + table + " has a " + config.type().name().toLowerCase()
                    + " watermark, which has no ordered bounds to run a window between: use mode backfill (or"
                    + " auto) for this table");
        }
        if (column == null) {
            throw new WatermarkException("table " + table + ": the watermark column " + config.column()
                    + " was not found in the source: fix tables[].watermark.column");
        }
        String expected = switch (config.type()) {
            case TIMESTAMP -> dev.sluice.core.source.JdbcSource.localTemporal(column.typeName()) ? KeyValue.TIMESTAMP
                    : KeyValue.TIMESTAMPTZ;
            case ROWVERSION -> KeyValue.ROWVERSION;
            default -> null;
        };
        for (KeyValue bound : List.of(from, to)) {
            boolean fits = expected != null ? bound.type().equals(expected)
                    : bound.type().equals(KeyValue.BIGINT) || bound.type().equals(KeyValue.DECIMAL);
            if (!fits) {
                throw new WatermarkException("table " + table + ": window bound " + bound.type() + " '" + bound.value()
                        + "' does not fit watermark column " + column.name() + " (" + column.typeName() + "): pass"
                        + " \"from\" and \"to\" as {\"type\": \"" + (expected == null ? "bigint" : expected)
                        + "\", \"value\": ...}");
            }
        }
        if (from.compareTo(to) >= 0) {
            throw new WatermarkException("table " + table + ": window (" + from.value() + ", " + to.value()
                    + "] is empty: \"from\" must be before \"to\"");
        }
        List<String> warnings = new ArrayList<>();
        WatermarkWindow safe;
        try {
            safe = next(table, config, column, Optional.empty(), readings);
        } catch (WatermarkException noSafeBound) {
            safe = null; // the readings give no commit-safe high to compare with: nothing to warn about
        }
        if (safe != null && safe.upperInclusive() != null && safe.upperInclusive().type().equals(to.type())
                && to.compareTo(safe.upperInclusive()) > 0) {
            warnings.add("window high " + to.value() + " is past the commit-safe high " + safe.upperInclusive()
                    .value() + " (" + safe.boundedBy() + "): rows of transactions still open may be missed; rerun"
                    + " the window later to pick them up");
        }
        return new WatermarkWindow(config.type(), column.name(), from, to, null, readings.dbNow(), false, false,
                "explicit window", warnings);
    }

    private static void checkCompatible(String table, WatermarkConfig config, Watermark w) {
        boolean sameColumn = w.column() == null ? config.column() == null
                : w.column().equalsIgnoreCase(config.column() == null ? "" : config.column());
        if (w.type() != config.type() || !sameColumn) {
            throw new WatermarkException("table " + table + ": the committed watermark is a "
                    + w.type().name().toLowerCase() + " watermark on " + w.column() + " but config says "
                    + config.type().name().toLowerCase() + " on " + config.column()
                    + ": restore the config, or delete nothing and rerun a full load to start a new watermark");
        }
    }

    // ------------------------------------------------------------------ timestamp

    private static WatermarkWindow timestamp(String table, WatermarkConfig config, SourceColumn column,
                                             Optional<Watermark> committed, SourceReadings readings) {
        if (column == null) {
            throw new WatermarkException("table " + table + ": the timestamp watermark column " + config.column()
                    + " was not found in the source: fix tables[].watermark.column");
        }
        Duration lag = config.safetyLag() == null ? Duration.ZERO : config.safetyLag();
        Duration lookback = config.lookback() == null ? Duration.ZERO : config.lookback();
        List<String> warnings = new ArrayList<>();
        KeyValue high = minus(table, column, readings.dbNow(), lag);
        String boundedBy = "safety lag";
        if (!readings.activityVisible()) {
            warnings.add("open transactions are not visible to the login (PostgreSQL: grant pg_read_all_stats;"
                    + " SQL Server: grant VIEW SERVER STATE): the window relies on lag and lookback (safety lag "
                    + lag + ", lookback " + lookback + ")");
        }
        // The transactions that are visible (e.g. the login's own role on PostgreSQL) still bound the window.
        if (readings.oldestOpenTransaction() != null) {
            KeyValue beforeOldest = minus(table, column, readings.oldestOpenTransaction(), resolution(column));
            if (beforeOldest.compareTo(high) < 0) {
                high = beforeOldest;
                boundedBy = "open transaction";
            }
        }
        if (committed.isEmpty()) {
            return new WatermarkWindow(config.type(), column.name(), null, high, null, readings.dbNow(), true,
                    false, boundedBy, warnings);
        }
        KeyValue previous = committed.get().high();
        if (high.compareTo(previous) <= 0) {
            return new WatermarkWindow(config.type(), column.name(), previous, previous, previous,
                    readings.dbNow(), false, true, boundedBy, warnings);
        }
        return new WatermarkWindow(config.type(), column.name(), minus(table, column, previous, lookback), high,
                previous, readings.dbNow(), false, false, boundedBy, warnings);
    }

    /**
     * The smallest step the column can tell apart, including the rounding of its type, so that
     * {@code high = start - resolution} is strictly below any value a transaction started at {@code start} can
     * store: {@code datetime} rounds to 1/300 s (4 ms), {@code smalldatetime} to the minute, fractional types to
     * {@code 10^-precision} s.
     */
    static Duration resolution(SourceColumn column) {
        return switch (column.typeName()) {
            case "datetime" -> Duration.ofMillis(4);
            case "smalldatetime" -> Duration.ofMinutes(1);
            case "timestamp", "timestamptz", "datetime2", "datetimeoffset" -> {
                int p = column.precision() < 0 || column.precision() > 9 ? 6 : column.precision();
                yield Duration.ofNanos(BigInteger.TEN.pow(9 - p).longValueExact());
            }
            default -> Duration.ofNanos(1_000);
        };
    }

    private static KeyValue minus(String table, SourceColumn column, KeyValue value, Duration d) {
        return switch (value.type()) {
            case KeyValue.TIMESTAMP -> KeyValue.ofTimestamp(LocalDateTime.parse(value.value()).minus(d));
            case KeyValue.TIMESTAMPTZ -> KeyValue.ofInstant(Instant.parse(value.value()).minus(d));
            default -> throw new WatermarkException("table " + table + ": watermark column " + column.name()
                    + " has type " + column.typeName() + ": a timestamp watermark needs a date-time column"
                    + " (timestamp, timestamptz, datetime2, datetimeoffset, datetime)");
        };
    }

    // ------------------------------------------------------------------ rowversion

    private static WatermarkWindow rowversion(String table, WatermarkConfig config, Optional<Watermark> committed,
                                              SourceReadings readings) {
        if (readings.minActiveRowversion() == null) {
            throw new WatermarkException("table " + table + ": MIN_ACTIVE_ROWVERSION() could not be read;"
                    + " rowversion watermarks need SQL Server");
        }
        KeyValue high = KeyValue.ofRowversion(readings.minActiveRowversion() - 1);
        return incremental(config, committed, readings, high, "min active rowversion", List.of());
    }

    // ------------------------------------------------------------------ key

    private static WatermarkWindow key(String table, WatermarkConfig config, Optional<Watermark> committed,
                                       SourceReadings readings) {
        List<String> warnings = List.of("key watermark on " + config.column() + ": a row whose key was handed to a"
                + " transaction still open when the maximum was read, and that commits after a higher key, is"
                + " not covered; use a timestamp or rowversion watermark when writers commit out of key order");
        KeyValue max = readings.maxKey();
        if (max == null) {
            KeyValue previous = committed.map(Watermark::high).orElse(null);
            return new WatermarkWindow(config.type(), config.column(), previous, previous, previous,
                    readings.dbNow(), committed.isEmpty(), true, "max committed key", warnings);
        }
        if (!max.ordered()) {
            throw new WatermarkException("table " + table + ": key watermark column " + config.column()
                    + " is not numeric (" + max.type() + "): use an identity column or a timestamp watermark");
        }
        return incremental(config, committed, readings, max, "max committed key", warnings);
    }

    private static WatermarkWindow incremental(WatermarkConfig config, Optional<Watermark> committed,
                                               SourceReadings readings, KeyValue high, String boundedBy,
                                               List<String> warnings) {
        if (committed.isEmpty()) {
            return new WatermarkWindow(config.type(), config.column(), null, high, null, readings.dbNow(), true,
                    false, boundedBy, warnings);
        }
        KeyValue previous = committed.get().high();
        boolean empty = high.compareTo(previous) <= 0;
        return new WatermarkWindow(config.type(), config.column(), previous, empty ? previous : high, previous,
                readings.dbNow(), false, empty, boundedBy, warnings);
    }

    // ------------------------------------------------------------------ change tracking

    private static WatermarkWindow changeTracking(String table, Optional<Watermark> committed,
                                                  SourceReadings readings) {
        requireChangeTracking(table, readings.changeTrackingCurrentVersion(),
                readings.changeTrackingMinValidVersion());
        KeyValue current = KeyValue.ofLong(readings.changeTrackingCurrentVersion());
        if (committed.isEmpty()) {
            // First run: a full load of the table; the next run reads the changes after this version.
            return new WatermarkWindow(WatermarkConfig.Type.CHANGE_TRACKING, null, null, current, null,
                    readings.dbNow(), true, false, "current version", List.of());
        }
        KeyValue last = committed.get().high();
        requireUnexpired(table, Long.parseLong(last.value()), readings.changeTrackingMinValidVersion());
        boolean empty = current.compareTo(last) <= 0;
        return new WatermarkWindow(WatermarkConfig.Type.CHANGE_TRACKING, null, last, empty ? last : current, last,
                readings.dbNow(), false, empty, "current version", List.of());
    }

    /**
     * Checks, when a change tracking increment is read, that the changes of {@code (lastSynced, captured]} can still
     * be read: change tracking is on for the database and the table, no change after {@code lastSynced} has been
     * cleaned up ({@code lastSynced >= CHANGE_TRACKING_MIN_VALID_VERSION}), and the database has not gone back
     * before the version the run was planned at (a restore, or change tracking turned off and on).
     *
     * @param current  {@code CHANGE_TRACKING_CURRENT_VERSION()}, null when change tracking is off for the database
     * @param minValid {@code CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(table))}, null when it is off for the table
     * @throws ChangeTrackingExpiredException when the window's changes are gone: the fix is a backfill
     * @throws WatermarkException             when change tracking is off
     */
    public static void requireChangesReadable(String table, long lastSynced, long captured, Long current,
                                              Long minValid) {
        requireChangeTracking(table, current, minValid);
        requireUnexpired(table, lastSynced, minValid);
        if (current < captured) {
            throw new ChangeTrackingExpiredException("table " + table + ": CHANGE_TRACKING_CURRENT_VERSION() is "
                    + current + ", below the version " + captured + " this run was planned at: the database was"
                    + " restored or change tracking was reset, so the changes since the last synced version "
                    + lastSynced + " cannot be read; " + BACKFILL);
        }
    }

    /** The safe action when change tracking cannot continue from the committed version. */
    private static final String BACKFILL = "start a run of the table with mode backfill (a full load that"
            + " records the current version; {\"mode\": \"backfill\"} as the execution input)";

    private static void requireChangeTracking(String table, Long current, Long minValid) {
        if (current == null) {
            throw new WatermarkException("table " + table + ": change tracking is not enabled on the source"
                    + " database: ALTER DATABASE ... SET CHANGE_TRACKING = ON, or use another watermark type");
        }
        if (minValid == null) {
            throw new WatermarkException("table " + table + ": change tracking is not enabled on the table:"
                    + " ALTER TABLE " + table + " ENABLE CHANGE_TRACKING, then " + BACKFILL);
        }
    }

    private static void requireUnexpired(String table, long lastSynced, long minValid) {
        if (lastSynced < minValid) {
            throw new ChangeTrackingExpiredException("table " + table + ": the last synced change tracking version "
                    + lastSynced + " is older than CHANGE_TRACKING_MIN_VALID_VERSION " + minValid + ": changes were"
                    + " cleaned up before they were read, so no incremental run can be complete; " + BACKFILL
                    + ", and consider a longer CHANGE_RETENTION on the database");
        }
    }
}
