package dev.sluice.infra;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The longest gap between two runs of an EventBridge Scheduler expression ({@code cron(min hour dom month dow year)}
 * or {@code rate(n unit)}), measured on the schedule's local clock over two calendar years. The watermark lag alarm
 * of a table defaults to twice this: one missed run is tolerated, two are not.
 *
 * <p>Month-relative tokens ({@code L}, {@code W}, {@code #}) are not simulated: such schedules are taken as monthly
 * (the longest month-to-month gap, 35 days is used as a safe upper bound).
 */
public final class ScheduleCadence {

    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Duration MONTHLY_BOUND = Duration.ofDays(35);
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
            Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
            Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
    private static final Map<String, Integer> DAYS = Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5,
            "FRI", 6, "SAT", 7);

    private ScheduleCadence() {
    }

    /** Normalizes a configured schedule to an EventBridge expression: a bare 6-field cron gets {@code cron(...)}. */
    public static String expression(String configured) {
        String text = configured.strip();
        return text.startsWith("cron(") || text.startsWith("rate(") || text.startsWith("at(") ? text : "cron(" + text + ")";
    }

    /**
     * The longest interval between consecutive runs, or empty when the expression runs fewer than twice in the two
     * years simulated (a one-off {@code at(...)} or a year-restricted cron).
     *
     * @throws IllegalArgumentException naming the field that is not valid EventBridge cron syntax
     */
    public static Optional<Duration> longestGap(String configured) {
        String expression = expression(configured);
        Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            long n = Long.parseLong(rate.group(1));
            return Optional.of(switch (rate.group(2).charAt(0)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        Matcher cron = CRON.matcher(expression);
        if (!cron.matches()) {
            return Optional.empty();
        }
        String[] f = cron.group(1).trim().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException("'" + expression + "' has " + f.length
                    + " fields; EventBridge cron takes 6: minutes hours day-of-month month day-of-week year");
        }
        if (f[2].matches(".*[LW].*") || f[4].matches(".*[L#].*")) {
            return Optional.of(MONTHLY_BOUND);
        }
        BitSet minutes = field("minutes", f[0], 0, 59, Map.of());
        BitSet hours = field("hours", f[1], 0, 23, Map.of());
        BitSet daysOfMonth = field("day-of-month", f[2], 1, 31, Map.of());
        BitSet months = field("month", f[3], 1, 12, MONTHS);
        BitSet daysOfWeek = field("day-of-week", f[4], 1, 7, DAYS);
        BitSet years = field("year", f[5], 1970, 2199, Map.of());

        LocalDate start = LocalDate.of(2026, 1, 1);
        long previous = Long.MIN_VALUE;
        long longest = -1;
        for (LocalDate day = start; day.isBefore(start.plusYears(2)); day = day.plusDays(1)) {
            int dow = day.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : day.getDayOfWeek().getValue() + 1;
            if (!years.get(day.getYear()) || !months.get(day.getMonthValue()) || !daysOfMonth.get(day.getDayOfMonth())
                    || !daysOfWeek.get(dow)) {
                continue;
            }
            long dayMinute = day.toEpochDay() * 1440;
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    long at = dayMinute + h * 60L + m;
                    if (previous != Long.MIN_VALUE) {
                        longest = Math.max(longest, at - previous);
                    }
                    previous = at;
                }
            }
        }
        return longest < 0 ? Optional.empty() : Optional.of(Duration.ofMinutes(longest));
    }

    private static BitSet field(String name, String text, int min, int max, Map<String, Integer> names) {
        BitSet set = new BitSet(max + 1);
        for (String part : text.toUpperCase(Locale.ROOT).split(",")) {
            if (part.equals("*") || part.equals("?")) {
                set.set(min, max + 1);
                continue;
            }
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(name, part.substring(slash + 1), 1, max, Map.of());
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(name, ends[0], min, max, names);
                to = number(name, ends[1], min, max, names);
            } else {
                from = number(name, range, min, max, names);
                to = slash >= 0 ? max : from;
            }
            if (from <= to) {
                for (int v = from; v <= to; v += step) {
                    set.set(v);
                }
            } else { // a wrapping range such as FRI-MON or 22-2
                for (int v = from; v <= max; v += step) {
                    set.set(v);
                }
                for (int v = min; v <= to; v += step) {
                    set.set(v);
                }
            }
        }
        return set;
    }

    private static int number(String field, String token, int min, int max, Map<String, Integer> names) {
        Integer named = names.get(token);
        if (named != null) {
            return named;
        }
        try {
            int v = Integer.parseInt(token);
            if (v < min || v > max) {
                throw new IllegalArgumentException("cron " + field + " value " + v + " is outside " + min + "-" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cron " + field + " token '" + token + "' is not a number or name", e);
        }
    }

}
