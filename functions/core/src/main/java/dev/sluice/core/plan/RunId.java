package dev.sluice.core.plan;

import dev.sluice.core.source.KeyValue;
import dev.sluice.core.watermark.WatermarkWindow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * A run's identity, derived from (table, mode, window bounds) so that rerunning a window reproduces the same lake
 * keys: a readable prefix, a dash and the first 12 hex digits of SHA-256 over
 * {@code source \n schema.table \n mode \n canonical JSON of [lower, upper, as-of]}.
 * The prefix is {@code r} and the UTC date of the window's high bound when it is a date-time (timestamp windows;
 * for {@code full} the source clock the table was taken at), else {@code r} and the watermark kind:
 * {@code r20261122-3fa1c2d9e0b4}, {@code rkey-...}, {@code rrv-...}, {@code rct-...}.
 * The as-of clock is part of the identity only for {@code full} windows, whose bounds are otherwise always open.
 */
public record RunId(String value) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    public static RunId of(String source, String table, String mode, WatermarkWindow window) {
        KeyValue asOf = window.type() == dev.sluice.core.config.WatermarkConfig.Type.FULL
                ? window.sourceClock() : null;
        String canonical = source + "\n" + table + "\n" + mode + "\n"
                + PlanJson.canonical(Arrays.asList(window.lowerExclusive(), window.upperInclusive(), asOf));
        return new RunId(prefix(window, asOf) + "-" + Digests.sha256Hex(canonical, 12));
    }

    private static String prefix(WatermarkWindow window, KeyValue asOf) {
        KeyValue dated = asOf != null ? asOf : window.upperInclusive();
        if (dated != null) {
            switch (dated.type()) {
                case KeyValue.TIMESTAMP -> {
                    return "r" + LocalDateTime.parse(dated.value()).format(DAY);
                }
                case KeyValue.TIMESTAMPTZ -> {
                    return "r" + Instant.parse(dated.value()).atOffset(ZoneOffset.UTC).format(DAY);
                }
                default -> { }
            }
        }
        return switch (window.type()) {
            case ROWVERSION -> "rrv";
            case KEY -> "rkey";
            case CHANGE_TRACKING -> "rct";
            case TIMESTAMP -> "rts";
            case FULL -> "rfull";
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
