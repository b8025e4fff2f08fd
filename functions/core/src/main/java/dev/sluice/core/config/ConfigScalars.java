package dev.sluice.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The friendly scalar forms config accepts: durations ({@code 30s}, {@code 5m}, {@code 2h}, {@code 1d},
 * {@code 1h30m}, ISO {@code PT5M}), byte sizes ({@code 512MB}, {@code 1GiB}, {@code 64MiB} or a plain number of
 * bytes) and local times ({@code 22:00}).
 */
final class ConfigScalars {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");
    private static final Pattern BYTE_SIZE = Pattern.compile("(\\d+)\\s*([KMGT]i?B|B)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern LOCAL_TIME = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2})?");

    static final String DURATION_FIX = "write a duration such as 30s, 5m, 2h, 1d, 1h30m or ISO-8601 PT5M";
    static final String BYTE_SIZE_FIX = "write a size such as 512MiB, 1GiB, 500MB (MB/GB are powers of 1000, "
            + "MiB/GiB powers of 1024) or a plain number of bytes";
    static final String TIME_FIX = "write a 24-hour local time such as 22:00 or 06:30";

    private ConfigScalars() {
    }

    /** Parses a friendly or ISO-8601 duration; throws {@link IllegalArgumentException} when it is neither. */
    static Duration parseDuration(String text) {
        String s = text.trim();
        if (s.startsWith("P") || s.startsWith("-P")) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration", e);
            }
        }
        if (!DURATION.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration");
        }
        Duration total = Duration.ZERO;
        Matcher part = DURATION_PART.matcher(s);
        try {
            while (part.find()) {
                long n = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
        }
        return total;
    }

    /** Parses a byte size; {@code KB/MB/GB/TB} are powers of 1000, {@code KiB/MiB/GiB/TiB} powers of 1024. */
    static long parseByteSize(String text) {
        Matcher m = BYTE_SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a byte size");
        }
        long unit = 1;
        if (m.group(2) != null) {
            String u = m.group(2).toUpperCase(Locale.ROOT);
            boolean binary = u.contains("I");
            int power = switch (u.charAt(0)) {
                case 'K' -> 1;
                case 'M' -> 2;
                case 'G' -> 3;
                case 'T' -> 4;
                default -> 0;
            };
            for (int i = 0; i < power; i++) {
                unit *= binary ? 1024 : 1000;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a byte size", e);
        }
    }

    /** Parses {@code HH:mm} or {@code HH:mm:ss}. */
    static LocalTime parseLocalTime(String text) {
        String s = text.trim();
        if (!LOCAL_TIME.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a time of day");
        }
        try {
            return LocalTime.parse(s.length() == 4 || s.indexOf(':') == 1 ? "0" + s : s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time of day", e);
        }
    }

    /** The Jackson module that reads {@link Duration} and {@link LocalTime} in their friendly forms. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("sluice-config-scalars");
        module.addDeserializer(Duration.class, new DurationDeserializer());
        module.addDeserializer(LocalTime.class, new LocalTimeDeserializer());
        return module;
    }

    /**
     * A scalar in the wrong form. Being a {@link JsonMappingException}, Jackson prepends the path to it as it
     * travels up, and {@link ConfigLoader} turns it into a {@link ConfigProblem} with this fix.
     */
    static final class ScalarException extends JsonMappingException {
        private static final long serialVersionUID = 1L;
        final String problem;
        final String fix;

        ScalarException(JsonParser parser, String problem, String fix) {
            super(parser, problem);
            this.problem = problem;
            this.fix = fix;
        }
    }

    private static String scalarText(JsonParser p, String what, String fix) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getText();
        }
        throw new ScalarException(p, "expected " + what + " but found " + describeToken(t), fix);
    }

    static String describeToken(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "text";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "an empty value";
            default -> t.asString() == null ? t.name().toLowerCase(Locale.ROOT) : t.asString();
        };
    }

    static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = scalarText(p, "a duration", DURATION_FIX);
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new ScalarException(p, "'" + text + "' is a number without a unit",
                        "add a unit, e.g. " + text + "s or " + text + "m");
            }
            try {
                return parseDuration(text);
            } catch (IllegalArgumentException e) {
                throw new ScalarException(p, e.getMessage(), DURATION_FIX);
            }
        }
    }

    static final class LocalTimeDeserializer extends JsonDeserializer<LocalTime> {
        @Override
        public LocalTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = scalarText(p, "a time of day", TIME_FIX);
            try {
                return parseLocalTime(text);
            } catch (IllegalArgumentException e) {
                throw new ScalarException(p, e.getMessage(), TIME_FIX);
            }
        }
    }

    /** Reads a {@code long} number of bytes from a number or a size with a unit. */
    static final class ByteSizeDeserializer extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = scalarText(p, "a byte size", BYTE_SIZE_FIX);
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                throw new ScalarException(p, "'" + text + "' is not a whole number of bytes", BYTE_SIZE_FIX);
            }
            try {
                return parseByteSize(text);
            } catch (IllegalArgumentException e) {
                throw new ScalarException(p, e.getMessage(), BYTE_SIZE_FIX);
            }
        }
    }
}
