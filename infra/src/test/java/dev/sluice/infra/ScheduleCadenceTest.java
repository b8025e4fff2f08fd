package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleCadenceTest {

    @Test
    void dailyCronRunsEveryDay() {
        assertThat(ScheduleCadence.longestGap("cron(0 2 * * ? *)")).contains(Duration.ofDays(1));
    }

    @Test
    void bareSixFieldCronIsWrapped() {
        assertThat(ScheduleCadence.expression("0 */6 * * ? *")).isEqualTo("cron(0 */6 * * ? *)");
        assertThat(ScheduleCadence.longestGap("0 */6 * * ? *")).contains(Duration.ofHours(6));
    }

    @Test
    void weekdaysOnlyHaveAWeekendGap() {
        assertThat(ScheduleCadence.longestGap("cron(30 1 ? * MON-FRI *)")).contains(Duration.ofDays(3));
    }

    @Test
    void unevenHourListTakesTheLongestGap() {
        // 02:00 and 14:00 and 18:00: gaps 12h, 4h, 8h.
        assertThat(ScheduleCadence.longestGap("cron(0 2,14,18 * * ? *)")).contains(Duration.ofHours(12));
    }

    @Test
    void everyFifteenMinutesFromFive() {
        assertThat(ScheduleCadence.longestGap("cron(5/15 * * * ? *)")).contains(Duration.ofMinutes(15));
    }

    @Test
    void rateExpressions() {
        assertThat(ScheduleCadence.longestGap("rate(15 minutes)")).contains(Duration.ofMinutes(15));
        assertThat(ScheduleCadence.longestGap("rate(1 day)")).contains(Duration.ofDays(1));
    }

    @Test
    void monthlyFirstDayHasThirtyOneDayGap() {
        assertThat(ScheduleCadence.longestGap("cron(0 0 1 * ? *)")).contains(Duration.ofDays(31));
    }

    @Test
    void oneOffHasNoCadence() {
        assertThat(ScheduleCadence.longestGap("at(2026-05-01T02:00:00)")).isEmpty();
        assertThat(ScheduleCadence.longestGap("cron(0 2 1 1 ? 2026)")).isEmpty();
    }

    @Test
    void rejectsBadFieldsNamingThem() {
        assertThatThrownBy(() -> ScheduleCadence.longestGap("cron(0 25 * * ? *)"))
                .hasMessageContaining("hours value 25");
        assertThatThrownBy(() -> ScheduleCadence.longestGap("cron(0 2 * * ?)"))
                .hasMessageContaining("has 5 fields");
    }
}
