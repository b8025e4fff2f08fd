package dev.sluice.core.config;

import java.time.LocalTime;

/**
 * When EventBridge Scheduler starts the table's incremental run: an EventBridge {@code cron(...)} expression
 * evaluated in {@code timeZone}. The optional off-peak window restricts backfill chunk reads to quiet hours.
 */
public record ScheduleConfig(String cron, String timeZone, OffPeakWindow offPeak, Integer flexibleWindowMinutes) {

    /** Local times in the schedule's time zone; {@code start > end} spans midnight. */
    public record OffPeakWindow(LocalTime start, LocalTime end) {
    }
}
