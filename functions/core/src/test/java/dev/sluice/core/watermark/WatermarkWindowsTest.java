package dev.sluice.core.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.config.WatermarkConfig.Type;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceReadings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WatermarkWindowsTest {

    static final String TABLE = "sales.orders";
    static final Instant COMMITTED_AT = Instant.parse("2026-11-22T00:00:00Z");

    static KeyValue at(String instant) {
        return KeyValue.ofInstant(Instant.parse(instant));
    }

    static Watermark committed(Type type, String column, KeyValue high) {
        return new Watermark(type, column, null, high, high, "r-prev", COMMITTED_AT);
    }

    @Nested
    class Timestamp {
        final WatermarkConfig config = new WatermarkConfig(Type.TIMESTAMP, "updated_at", Duration.ofMinutes(5),
                Duration.ofSeconds(30));
        final SourceColumn column = new SourceColumn("updated_at", 3, "timestamptz", 6, 0, false);

        @Test
        void firstRunIsABackfillFromTheBeginningUpToNowMinusLag() {
            WatermarkWindow w = WatermarkWindows.next(TABLE, config, column, Optional.empty(),
                    SourceReadings.timestamp(at("2026-11-22T10:00:00Z"), null, true));
            assertThat(w.backfill()).isTrue();
            assertThat(w.empty()).isFalse();
            assertThat(w.lowerExclusive()).isNull();
            assertThat(w.upperInclusive()).isEqualTo(at("2026-11-22T09:59:30Z"));
            assertThat(w.boundedBy()).isEqualTo("safety lag");
            assertThat(w.range()).isEqualTo(KeyRange.between("updated_at", null, at("2026-11-22T09:59:30Z")));
            assertThat(w.warnings()).isEmpty();
        }

        @Test
        void nextRunStartsALookbackBeforeTheCommittedHigh() {
            WatermarkWindow w = WatermarkWindows.next(TABLE, config, column,
                    Optional.of(committed(Type.TIMESTAMP, "updated_at", at("2026-11-22T09:59:30Z"))),
                    SourceReadings.timestamp(at("2026-11-22T11:00:00Z"), null, true));
            assertThat(w.lowerExclusive()).isEqualTo(at("2026-11-22T09:54:30Z"));
            assertThat(w.upperInclusive()).isEqualTo(at("2026-11-22T10:59:30Z"));
            assertThat(w.previousHigh()).isEqualTo(at("2026-11-22T09:59:30Z"));
            assertThat(w.backfill()).isFalse();
        }

        @Test
        void highStaysStrictlyBeforeTheOldestOpenTransaction() {
            WatermarkWindow w = WatermarkWindows.next(TABLE, config, column,
                    Optional.of(committed(Type.TIMESTAMP, "updated_at", at("2026-11-22T09:00:00Z"))),
                    SourceReadings.timestamp(at("2026-11-22T11:00:00Z"), at("2026-11-22T10:15:00.000002Z"), true));
            assertThat(w.upperInclusive()).isEqualTo(at("2026-11-22T10:15:00.000001Z"));
            assertThat(w.boundedBy()).isEqualTo("open transaction");
        }

        @Test
        void resolutionFollowsTheColumnTypeSoRoundingCannotReachTheBound() {
            WatermarkConfig noLag = new WatermarkConfig(Type.TIMESTAMP, "t", null, null);
            KeyValue now = KeyValue.ofTimestamp(LocalDateTime.parse("2026-11-22T11:00:00"));
            KeyValue open = KeyValue.ofTimestamp(LocalDateTime.parse("2026-11-22T10:00:00"));
            SourceReadings r = SourceReadings.timestamp(now, open, true);
            assertThat(WatermarkWindows.next(TABLE, noLag, new SourceColumn("t", 1, "datetime", 3, 0, false),
                    Optional.empty(), r).upperInclusive().value()).isEqualTo("2026-11-22T09:59:59.996");
            assertThat(WatermarkWindows.next(TABLE, noLag, new SourceColumn("t", 1, "datetime2", 7, 0, false),
                    Optional.empty(), r).upperInclusive().value()).isEqualTo("2026-11-22T09:59:59.999999900");
            assertThat(WatermarkWindows.next(TABLE, noLag, new SourceColumn("t", 1, "datetime2", 0, 0, false),
                    Optional.empty(), r).upperInclusive().value()).isEqualTo("2026-11-22T09:59:59");
            assertThat(WatermarkWindows.next(TABLE, noLag, new SourceColumn("t", 1, "smalldatetime", 0, 0, false),
                    Optional.empty(), r).upperInclusive().value()).isEqualTo("2026-11-22T09:59");
        }

        @Test
        void anOpenTransactionNewerThanTheLagDoesNotMoveTheHigh() {
            WatermarkWindow w = WatermarkWindows.next(TABLE, config, column, Optional.empty(),
                    SourceReadings.timestamp(at("2026-11-22T11:00:00Z"), at("2026-11-22T10:59:50Z"), true));
            assertThat(w.upperInclusive()).isEqualTo(at("2026-11-22T10:59:30Z"));
            assertThat(w.boundedBy()).isEqualTo("safety lag");
        }

        @Test
        void invisibleActivityIsSaidAndTheWindowReliesOnLagAndLookback() {
            WatermarkWindow w = WatermarkWindows.next(TABLE, config, column, Optional.empty(),
                    SourceReadings.timestamp(at("2026-11-22T11:00:00Z"), null, false));
            assertThat(w.upperInclusive()).isEqualTo(at("2026-11-22T10:59:30Z"));
            assertThat(w.warnings()).singleElement().asString()
                    .contains("relies on lag and lookback").contains("pg_read_all_stats")
                    .contains("VIEW SERVER STATE");
        }

        @Test
        void visibleTransactionsStillBoundTheWindowWhenOthersAreHidden() {
            WatermarkWindow w = WatermarkWindows.next(TABLE, config, column, Optional.empty(),
                    SourceReadings.timestamp(at("2026-11-22T11:00:00Z"), at("2026-11-22T10:00:00Z"), false));
            assertThat(w.upperInclusive()).isEqualTo(at("2026-11-22T09:59:59.999999Z"));
            assertThat(w.warnings()).hasSize(1);
        }

        @Test
        void nothingNewWhenAnOpenTransactionHoldsTheHighAtOrBelowTheCommittedOne() {
            Watermark previous = committed(Type.TIMESTAMP, "updated_at", at("2026-11-22T10:00:00Z"));
            WatermarkWindow w = WatermarkWindows.next(TABLE, config, column, Optional.of(previous),
                    SourceReadings.timestamp(at("2026-11-22T11:00:00Z"), at("2026-11-22T09:00:00Z"), true));
            assertThat(w.empty()).isTrue();
            assertThat(w.upperInclusive()).isEqualTo(previous.high()); // never moves backwards
            assertThatThrownBy(() -> Watermark.committed(w, "r1", COMMITTED_AT))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void aDateColumnIsRefusedWithTheFix() {
            SourceColumn date = new SourceColumn("d", 1, "date", 0, 0, false);
            assertThatThrownBy(() -> WatermarkWindows.next(TABLE, config, date, Optional.empty(),
                    SourceReadings.timestamp(new KeyValue("date", "2026-11-22"), null, true)))
                    .isInstanceOf(WatermarkException.class).hasMessageContaining("needs a date-time column");
        }
    }

    @Nested
    class Rowversion {
        final WatermarkConfig config = new WatermarkConfig(Type.ROWVERSION, "rv", null, null);
        final KeyValue now = at("2026-11-22T10:00:00Z");

        @Test
        void highIsOneBelowTheMinActiveRowversion() {
            WatermarkWindow first = WatermarkWindows.next(TABLE, config, null, Optional.empty(),
                    SourceReadings.rowversion(now, 5001));
            assertThat(first.lowerExclusive()).isNull();
            assertThat(first.upperInclusive()).isEqualTo(KeyValue.ofRowversion(5000));
            assertThat(first.backfill()).isTrue();
            WatermarkWindow next = WatermarkWindows.next(TABLE, config, null,
                    Optional.of(committed(Type.ROWVERSION, "rv", KeyValue.ofRowversion(5000))),
                    SourceReadings.rowversion(now, 7001));
            assertThat(next.lowerExclusive()).isEqualTo(KeyValue.ofRowversion(5000));
            assertThat(next.upperInclusive()).isEqualTo(KeyValue.ofRowversion(7000));
        }

        @Test
        void nothingNewWhenTheMinActiveRowversionHasNotMoved() {
            WatermarkWindow w = WatermarkWindows.next(TABLE, config, null,
                    Optional.of(committed(Type.ROWVERSION, "rv", KeyValue.ofRowversion(5000))),
                    SourceReadings.rowversion(now, 5001));
            assertThat(w.empty()).isTrue();
        }
    }

    @Nested
    class Key {
        final WatermarkConfig config = new WatermarkConfig(Type.KEY, "id", null, null);
        final KeyValue now = at("2026-11-22T10:00:00Z");

        @Test
        void windowRunsFromTheCommittedHighToTheMaxCommittedKeyAndStatesItsLimit() {
            WatermarkWindow w = WatermarkWindows.next(TABLE, config, null,
                    Optional.of(committed(Type.KEY, "id", KeyValue.ofLong(100))),
                    SourceReadings.key(now, KeyValue.ofLong(250)));
            assertThat(w.range()).isEqualTo(KeyRange.between("id", KeyValue.ofLong(100), KeyValue.ofLong(250)));
            assertThat(w.warnings()).singleElement().asString().contains("still open");
        }

        @Test
        void emptyTableAndUnchangedMaxAreNothingNew() {
            assertThat(WatermarkWindows.next(TABLE, config, null, Optional.empty(), SourceReadings.key(now, null))
                    .empty()).isTrue();
            assertThat(WatermarkWindows.next(TABLE, config, null,
                    Optional.of(committed(Type.KEY, "id", KeyValue.ofLong(250))),
                    SourceReadings.key(now, KeyValue.ofLong(250))).empty()).isTrue();
            WatermarkWindow first = WatermarkWindows.next(TABLE, config, null, Optional.empty(),
                    SourceReadings.key(now, KeyValue.ofLong(-3)));
            assertThat(first.empty()).isFalse();
            assertThat(first.range()).isEqualTo(KeyRange.between("id", null, KeyValue.ofLong(-3)));
        }

        @Test
        void aStringKeyIsRefused() {
            assertThatThrownBy(() -> WatermarkWindows.next(TABLE, config, null, Optional.empty(),
                    SourceReadings.key(now, KeyValue.ofString("A-17")))).hasMessageContaining("not numeric");
        }
    }

    @Nested
    class ChangeTracking {
        final WatermarkConfig config = new WatermarkConfig(Type.CHANGE_TRACKING, null, null, null);
        final KeyValue now = at("2026-11-22T10:00:00Z");

        @Test
        void firstRunIsAFullLoadRememberingTheCurrentVersion() {
            WatermarkWindow w = WatermarkWindows.next(TABLE, config, null, Optional.empty(),
                    SourceReadings.changeTracking(now, 120L, 3L));
            assertThat(w.backfill()).isTrue();
            assertThat(w.upperInclusive()).isEqualTo(KeyValue.ofLong(120));
            assertThat(w.range()).isEqualTo(KeyRange.wholeTable());
        }

        @Test
        void incrementFromLastSyncedToCurrentVersion() {
            WatermarkWindow w = WatermarkWindows.next(TABLE, config, null,
                    Optional.of(committed(Type.CHANGE_TRACKING, null, KeyValue.ofLong(120))),
                    SourceReadings.changeTracking(now, 180L, 100L));
            assertThat(w.lowerExclusive()).isEqualTo(KeyValue.ofLong(120));
            assertThat(w.upperInclusive()).isEqualTo(KeyValue.ofLong(180));
            assertThat(WatermarkWindows.next(TABLE, config, null,
                    Optional.of(committed(Type.CHANGE_TRACKING, null, KeyValue.ofLong(180))),
                    SourceReadings.changeTracking(now, 180L, 100L)).empty()).isTrue();
        }

        @Test
        void aLastVersionOlderThanTheMinValidVersionAsksForAFullLoad() {
            assertThatThrownBy(() -> WatermarkWindows.next(TABLE, config, null,
                    Optional.of(committed(Type.CHANGE_TRACKING, null, KeyValue.ofLong(99))),
                    SourceReadings.changeTracking(now, 180L, 100L)))
                    .isInstanceOf(ChangeTrackingExpiredException.class)
                    .hasMessageContaining("99").hasMessageContaining("100")
                    .hasMessageContaining("start a run of the table with mode backfill");
        }

        @Test
        void anIncrementIsReadableOnlyWhileItsChangesAreKeptAndTheDatabaseHasNotGoneBack() {
            // the window (120, 180] read when the database is at 200 and has kept changes since 120
            WatermarkWindows.requireChangesReadable(TABLE, 120, 180, 200L, 120L);
            assertThatThrownBy(() -> WatermarkWindows.requireChangesReadable(TABLE, 120, 180, 200L, 121L))
                    .isInstanceOf(ChangeTrackingExpiredException.class)
                    .hasMessageContaining("last synced change tracking version 120 is older than"
                            + " CHANGE_TRACKING_MIN_VALID_VERSION 121")
                    .hasMessageContaining("mode backfill").hasMessageContaining("CHANGE_RETENTION");
            assertThatThrownBy(() -> WatermarkWindows.requireChangesReadable(TABLE, 120, 180, 179L, 100L))
                    .isInstanceOf(ChangeTrackingExpiredException.class)
                    .hasMessageContaining("CHANGE_TRACKING_CURRENT_VERSION() is 179, below the version 180")
                    .hasMessageContaining("mode backfill");
            assertThatThrownBy(() -> WatermarkWindows.requireChangesReadable(TABLE, 120, 180, 200L, null))
                    .isNotInstanceOf(ChangeTrackingExpiredException.class)
                    .hasMessageContaining("ALTER TABLE " + TABLE + " ENABLE CHANGE_TRACKING, then start a run");
            assertThatThrownBy(() -> WatermarkWindows.requireChangesReadable(TABLE, 120, 180, null, null))
                    .hasMessageContaining("SET CHANGE_TRACKING = ON");
        }

        @Test
        void changeTrackingNotEnabledIsAClearError() {
            assertThatThrownBy(() -> WatermarkWindows.next(TABLE, config, null, Optional.empty(),
                    SourceReadings.changeTracking(now, null, null))).hasMessageContaining("SET CHANGE_TRACKING = ON");
            assertThatThrownBy(() -> WatermarkWindows.next(TABLE, config, null, Optional.empty(),
                    SourceReadings.changeTracking(now, 5L, null))).hasMessageContaining("ENABLE CHANGE_TRACKING");
        }
    }

    @Test
    void fullIsTheWholeTableAsOfTheSourceClockAndNeverEmpty() {
        WatermarkWindow w = WatermarkWindows.next(TABLE, new WatermarkConfig(Type.FULL, null, null, null), null,
                Optional.empty(), SourceReadings.clockOnly(at("2026-11-22T10:00:00Z")));
        assertThat(w.range()).isEqualTo(KeyRange.wholeTable());
        assertThat(w.sourceClock()).isEqualTo(at("2026-11-22T10:00:00Z"));
        assertThat(w.empty()).isFalse();
    }

    @Test
    void aCommittedWatermarkOfAnotherTypeOrColumnIsRefused() {
        WatermarkConfig config = new WatermarkConfig(Type.KEY, "id", null, null);
        assertThatThrownBy(() -> WatermarkWindows.next(TABLE, config, null,
                Optional.of(committed(Type.KEY, "order_id", KeyValue.ofLong(1))),
                SourceReadings.key(at("2026-11-22T10:00:00Z"), KeyValue.ofLong(5))))
                .hasMessageContaining("committed watermark is a key watermark on order_id");
    }

    @Test
    void storedFormRoundTripsExactly() {
        WatermarkWindow w = WatermarkWindows.next(TABLE,
                new WatermarkConfig(Type.TIMESTAMP, "updated_at", Duration.ofMinutes(1), Duration.ZERO),
                new SourceColumn("updated_at", 1, "datetime2", 7, 0, false),
                Optional.of(committed(Type.TIMESTAMP, "updated_at",
                        KeyValue.ofTimestamp(LocalDateTime.parse("2026-11-22T09:00:00.1234567")))),
                SourceReadings.timestamp(KeyValue.ofTimestamp(LocalDateTime.parse("2026-11-22T10:00:00.7654321")),
                        null, true));
        Watermark stored = Watermark.committed(w, "r20261122-0123456789ab", Instant.parse("2026-11-22T10:05:00Z"));
        String json = WatermarkJson.write(stored);
        assertThat(json).contains("\"type\" : \"timestamp\"")
                .contains("{\n    \"type\" : \"timestamp\",\n    \"value\" : \"2026-11-22T08:59:00.123456700\"\n  }");
        assertThat(WatermarkJson.read(json, "watermark.json")).isEqualTo(stored);
        assertThat(WatermarkJson.write(WatermarkJson.read(json, "watermark.json"))).isEqualTo(json);
        assertThatThrownBy(() -> WatermarkJson.read("{\"type\":\"timestamp\"}", "s3://b/_sluice/state/x"))
                .isInstanceOf(WatermarkException.class).hasMessageContaining("s3://b/_sluice/state/x");
    }
}
