package dev.sluice.local.cli;

import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.SourceColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The typed bounds of {@code sluice run --from ... --to ...}, read from the command line's text by the watermark
 * column they bound: a {@code timestamp} watermark on a column without a zone takes local date-times
 * ({@code 2026-01-01}, {@code 2026-01-01T06:00}, {@code 2026-01-01 06:00:00.5}); one on a zoned column takes instants
 * with an offset ({@code 2026-01-01T06:00:00Z}); {@code key} and {@code rowversion} watermarks take whole numbers.
 * A value that does not fit is bad input naming the option, the column and an example.
 */
final class WindowBounds {

    private WindowBounds() {
    }

    /** {@code text} (the value of {@code option}) as a bound of {@code column} under {@code watermark}. */
    static KeyValue parse(String option, String text, String table, WatermarkConfig watermark, SourceColumn column) {
        String value = text.strip();
        return switch (watermark.type()) {
            case TIMESTAMP -> JdbcSource.localTemporal(column.typeName())
                    ? new KeyValue(KeyValue.TIMESTAMP, localDateTime(option, value, table, column))
                    : new KeyValue(KeyValue.TIMESTAMPTZ, instant(option, value, table, column));
            case KEY, ROWVERSION -> number(option, value, table, watermark, column);
            default -> throw CommandFailure.badInput(option + ": table " + table + " has a "
                    + watermark.type().name().toLowerCase(java.util.Locale.ROOT) + " watermark, which has no "
                    + "ordered bounds to run a window between: drop --from/--to (use --mode backfill to read it all)");
        };
    }

    private static String localDateTime(String option, String value, String table, SourceColumn column) {
        String iso = value.replace(' ', 'T');
        try {
            if (!iso.contains("T")) {
                return LocalDate.parse(iso).atStartOfDay().toString() + ":00";
            }
            LocalDateTime parsed = LocalDateTime.parse(iso);
            return parsed.toString().length() == 16 ? parsed + ":00" : parsed.toString();
        } catch (DateTimeParseException e) {
            throw CommandFailure.badInput(option + " " + value + " is not a date-time for " + table + "."
                    + column.name() + " (" + column.typeName() + ", no time zone): write e.g. 2026-01-01 or "
                    + "2026-01-01T06:00:00");
        }
    }

    private static String instant(String option, String value, String table, SourceColumn column) {
        try {
            return OffsetDateTime.parse(value.replace(' ', 'T')).toInstant().toString();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value).toString();
            } catch (DateTimeParseException again) {
                throw CommandFailure.badInput(option + " " + value + " is not an instant for " + table + "."
                        + column.name() + " (" + column.typeName() + ", with a time zone): write it with an offset, "
                        + "e.g. 2026-01-01T06:00:00Z or 2026-01-01T07:00:00+01:00");
            }
        }
    }

    private static KeyValue number(String option, String value, String table, WatermarkConfig watermark,
                                   SourceColumn column) {
        try {
            BigInteger whole = new BigDecimal(value).toBigIntegerExact();
            return new KeyValue(watermark.type() == WatermarkConfig.Type.ROWVERSION ? KeyValue.ROWVERSION
                    : KeyValue.BIGINT, whole.toString());
        } catch (NumberFormatException | ArithmeticException e) {
            throw CommandFailure.badInput(option + " " + value + " is not a whole number for " + table + "."
                    + column.name() + " (" + column.typeName() + "): write e.g. " + option + " 1000");
        }
    }
}
