package dev.sluice.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an EventBridge Scheduler recurring schedule expression: {@code cron(minutes hours day-of-month month
 * day-of-week year)} or {@code rate(value unit)}. Rules as EventBridge Scheduler documents them: six fields;
 * exactly one of day-of-month and day-of-week is {@code ?}; {@code , - * /} everywhere; {@code L} and {@code W} in
 * day-of-month; {@code L} and {@code #} in day-of-week; month names {@code JAN-DEC} and day names
 * {@code SUN-SAT} (1 = Sunday); years 1970-2199. A range must not run backwards.
 */
final class ScheduleExpression {

    static final String CRON_FIX = "write cron(minutes hours day-of-month month day-of-week year) with exactly one "
            + "of day-of-month and day-of-week as ?, e.g. cron(15 * * * ? *) for a quarter past every hour or "
            + "cron(0 2 ? * MON-FRI *) for 02:00 on weekdays; or rate(5 minutes)";

    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private static final Map<String, Integer> MONTHS = names("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final Map<String, Integer> DAYS = names("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private record CronField(String name, int min, int max, Map<String, Integer> names) {
    }

    private static final List<CronField> FIELDS = List.of(
            new CronField("minutes", 0, 59, Map.of()),
            new CronField("hours", 0, 23, Map.of()),
            new CronField("day-of-month", 1, 31, Map.of()),
            new CronField("month", 1, 12, MONTHS),
            new CronField("day-of-week", 1, 7, DAYS),
            new CronField("year", 1970, 2199, Map.of()));

    private ScheduleExpression() {
    }

    /** What is wrong with {@code expression}, or empty when EventBridge Scheduler accepts it. */
    static Optional<String> problem(String expression) {
        if (expression == null || expression.isBlank()) {
            return Optional.of("the schedule expression is empty");
        }
        String e = expression.trim();
        if (e.startsWith("rate(")) {
            return rate(e);
        }
        if (e.startsWith("at(")) {
            return Optional.of("at(...) is a one-time schedule; a table's incremental runs need cron(...) or rate(...)");
        }
        Matcher cron = CRON.matcher(e);
        if (!cron.matches()) {
            return Optional.of("'" + e + "' is neither cron(...) nor rate(...)");
        }
        String[] parts = cron.group(1).trim().split("\\s+");
        if (parts.length != 6) {
            return Optional.of("cron(...) needs 6 fields (minutes hours day-of-month month day-of-week year), "
                    + "found " + (cron.group(1).isBlank() ? 0 : parts.length));
        }
        boolean domQuestion = parts[2].equals("?");
        boolean dowQuestion = parts[4].equals("?");
        if (domQuestion == dowQuestion) {
            return Optional.of(domQuestion
                    ? "day-of-month and day-of-week are both ?; exactly one of them must be ?"
                    : "one of day-of-month and day-of-week must be ? (EventBridge cannot combine them)");
        }
        for (int i = 0; i < 6; i++) {
            Optional<String> problem = field(FIELDS.get(i), parts[i].toUpperCase(Locale.ROOT));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> rate(String e) {
        Matcher rate = RATE.matcher(e);
        if (!rate.matches()) {
            return Optional.of("'" + e + "' is not rate(value unit) with unit minute(s), hour(s) or day(s)");
        }
        long value;
        try {
            value = Long.parseLong(rate.group(1));
        } catch (NumberFormatException ex) {
            return Optional.of("rate value " + rate.group(1) + " is too large");
        }
        String unit = rate.group(2);
        if (value < 1) {
            return Optional.of("rate value must be at least 1");
        }
        if (value == 1 && unit.endsWith("s")) {
            return Optional.of("rate(1 " + unit + ") must use the singular unit: rate(1 "
                    + unit.substring(0, unit.length() - 1) + ")");
        }
        if (value > 1 && !unit.endsWith("s")) {
            return Optional.of("rate(" + value + " " + unit + ") must use the plural unit: rate(" + value + " "
                    + unit + "s)");
        }
        return Optional.empty();
    }

    private static Optional<String> field(CronField f, String text) {
        if (text.equals("?")) {
            return f.name.equals("day-of-month") || f.name.equals("day-of-week")
                    ? Optional.empty()
                    : Optional.of("? is allowed only in day-of-month and day-of-week, not in " + f.name);
        }
        if (f.name.equals("day-of-month")) {
            if (text.equals("L") || text.equals("LW")) {
                return Optional.empty();
            }
            if (text.endsWith("W")) {
                return value(f, text.substring(0, text.length() - 1), text);
            }
        }
        if (f.name.equals("day-of-week")) {
            if (text.equals("L")) {
                return Optional.empty();
            }
            if (text.endsWith("L")) {
                return value(f, text.substring(0, text.length() - 1), text);
            }
            int hash = text.indexOf('#');
            if (hash >= 0) {
                Optional<String> day = value(f, text.substring(0, hash), text);
                if (day.isPresent()) {
                    return day;
                }
                String nth = text.substring(hash + 1);
                if (!nth.matches("[1-5]")) {
                    return Optional.of("day-of-week '" + text + "': the number after # must be 1-5");
                }
                return Optional.empty();
            }
        }
        for (String item : text.split(",", -1)) {
            Optional<String> problem = item(f, item);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> item(CronField f, String item) {
        if (item.isEmpty()) {
            return Optional.of(f.name + " has an empty list item");
        }
        String base = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            base = item.substring(0, slash);
            String step = item.substring(slash + 1);
            if (!NUMBER.matcher(step).matches() || step.length() > 4 || Integer.parseInt(step) < 1
                    || Integer.parseInt(step) > f.max) {
                return Optional.of(f.name + " '" + item + "': the step after / must be a number 1-" + f.max);
            }
        }
        if (base.equals("*")) {
            return Optional.empty();
        }
        int dash = base.indexOf('-');
        if (dash >= 0) {
            String from = base.substring(0, dash);
            String to = base.substring(dash + 1);
            Optional<String> problem = value(f, from, item).or(() -> value(f, to, item));
            if (problem.isPresent()) {
                return problem;
            }
            if (number(f, from) > number(f, to)) {
                return Optional.of(f.name + " range '" + item + "' runs backwards");
            }
            return Optional.empty();
        }
        return value(f, base, item);
    }

    private static Optional<String> value(CronField f, String value, String context) {
        if (f.names.containsKey(value)) {
            return Optional.empty();
        }
        if (!NUMBER.matcher(value).matches() || value.length() > 4) {
            return Optional.of(f.name + " '" + context + "' is not valid: use numbers " + f.min + "-" + f.max
                    + (f.names.isEmpty() ? "" : " or names " + String.join(",", f.names.keySet().stream()
                            .sorted((a, b) -> f.names.get(a) - f.names.get(b)).toList()))
                    + " with , - * /" + special(f));
        }
        int n = Integer.parseInt(value);
        if (n < f.min || n > f.max) {
            return Optional.of(f.name + " value " + n + " in '" + context + "' is outside " + f.min + "-" + f.max);
        }
        return Optional.empty();
    }

    private static String special(CronField f) {
        return switch (f.name) {
            case "day-of-month" -> ", ? L W";
            case "day-of-week" -> ", ? L #";
            default -> "";
        };
    }

    private static int number(CronField f, String value) {
        Integer named = f.names.get(value);
        return named != null ? named : Integer.parseInt(value);
    }

    private static Map<String, Integer> names(String... names) {
        Map<String, Integer> map = new java.util.HashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], i + 1);
        }
        return Map.copyOf(map);
    }
}
