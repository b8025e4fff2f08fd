package dev.sluice.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleExpressionTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "cron(15 * * * ? *)",
            "cron(0 2 * * ? *)",
            "cron(0/15 * * * ? *)",
            "cron(*/5 8-18 ? * MON-FRI *)",
            "cron(0 9 ? * 2-6 *)",
            "cron(0 10 L * ? *)",
            "cron(0 10 LW * ? *)",
            "cron(0 10 15W * ? *)",
            "cron(0 22 ? * 6L *)",
            "cron(0 22 ? * FRI#2 *)",
            "cron(0 22 ? * 3#5 *)",
            "cron(0 0 1 JAN,APR,JUL,OCT ? 2026-2030)",
            "cron(5,35 0-6/2 1-15 * ? *)",
            "cron(0 12 ? * sun *)",
            "cron(59 23 31 12 ? 2199)",
            "cron(0 0 ? * L *)",
            "rate(1 minute)",
            "rate(5 minutes)",
            "rate(1 hour)",
            "rate(12 hours)",
            "rate(1 day)",
            "rate(7 days)"})
    void acceptsValidExpressions(String expression) {
        assertThat(ScheduleExpression.problem(expression)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            cron(0 2 * * *)                | needs 6 fields (minutes hours day-of-month month day-of-week year), found 5
            0 2 * * ? *                    | is neither cron(...) nor rate(...)
            cron(0 2 * * * *)              | one of day-of-month and day-of-week must be ?
            cron(0 2 ? * ? *)              | day-of-month and day-of-week are both ?
            cron(60 * * * ? *)             | minutes value 60 in '60' is outside 0-59
            cron(0 24 * * ? *)             | hours value 24 in '24' is outside 0-23
            cron(0 2 32 * ? *)             | day-of-month value 32 in '32' is outside 1-31
            cron(0 2 0 * ? *)              | day-of-month value 0 in '0' is outside 1-31
            cron(0 2 * 13 ? *)             | month value 13 in '13' is outside 1-12
            cron(0 2 ? * 8 *)              | day-of-week value 8 in '8' is outside 1-7
            cron(0 2 ? * 0 *)              | day-of-week value 0 in '0' is outside 1-7
            cron(0 2 * * ? 1969)           | year value 1969 in '1969' is outside 1970-2199
            cron(0 2 * * ? 2200)           | year value 2200 in '2200' is outside 1970-2199
            cron(0 2 * FOO ? *)            | month 'FOO' is not valid: use numbers 1-12 or names JAN,FEB,MAR
            cron(0 2 ? * MON-FOO *)        | day-of-week 'MON-FOO' is not valid
            cron(30-10 * * * ? *)          | minutes range '30-10' runs backwards
            cron(0 2 ? * FRI-MON *)        | day-of-week range 'FRI-MON' runs backwards
            cron(*/0 * * * ? *)            | minutes '*/0': the step after / must be a number 1-59
            cron(0 ? * * ? *)              | ? is allowed only in day-of-month and day-of-week, not in hours
            cron(0 2 L ? ? *)              | ? is allowed only in day-of-month and day-of-week, not in month
            cron(0 2 32W * ? *)            | day-of-month value 32 in '32W' is outside 1-31
            cron(0 2 ? * MON#6 *)          | the number after # must be 1-5
            cron(0 2 ? * MON#99999999999 *) | the number after # must be 1-5
            cron(99999999999 * * * ? *)    | minutes '99999999999' is not valid
            cron(0 2 ? * 9L *)             | day-of-week value 9 in '9L' is outside 1-7
            cron(0 L * * ? *)              | hours 'L' is not valid: use numbers 0-23 with , - * /
            cron(0 2 ? * 1,,3 *)           | day-of-week has an empty list item
            cron(0 2 1W,15 * ? *)          | day-of-month '1W' is not valid
            rate(5 minute)                 | must use the plural unit: rate(5 minutes)
            rate(1 hours)                  | must use the singular unit: rate(1 hour)
            rate(0 minutes)                | rate value must be at least 1
            rate(5 weeks)                  | is not rate(value unit) with unit minute(s), hour(s) or day(s)
            at(2026-01-01T00:00:00)        | at(...) is a one-time schedule
            ''                             | the schedule expression is empty
            """)
    void rejectsInvalidExpressionsSayingWhy(String expression, String problem) {
        assertThat(ScheduleExpression.problem(expression)).hasValueSatisfying(p -> assertThat(p).contains(problem));
    }
}
