package dev.sluice.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigScalarsTest {

    @ParameterizedTest
    @CsvSource({"30s, PT30S", "5m, PT5M", "2h, PT2H", "1d, PT24H", "1h30m, PT1H30M", "250ms, PT0.25S",
            "PT5M, PT5M", "P1D, PT24H", "-PT1M, PT-1M", "0s, PT0S"})
    void parsesDurations(String text, String iso) {
        assertThat(ConfigScalars.parseDuration(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5 minutes", "5M", "m5", "1.5h", "PT", "P5X", ""})
    void rejectsOtherDurations(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> ConfigScalars.parseDuration(text))
                .withMessageContaining("is not a duration");
    }

    @ParameterizedTest
    @CsvSource({"1048576, 1048576", "512MB, 512000000", "512MiB, 536870912", "1GiB, 1073741824",
            "64MiB, 67108864", "1GB, 1000000000", "2KiB, 2048", "10B, 10", "8gib, 8589934592", "1 TiB, 1099511627776"})
    void parsesByteSizes(String text, long bytes) {
        assertThat(ConfigScalars.parseByteSize(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5GiB", "-1MiB", "10 PB", "GiB", "lots"})
    void rejectsOtherByteSizes(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> ConfigScalars.parseByteSize(text))
                .withMessageContaining("is not a byte size");
    }

    @ParameterizedTest
    @CsvSource({"22:00, 22:00", "6:30, 06:30", "06:30, 06:30", "23:59:59, 23:59:59", "0:00, 00:00"})
    void parsesLocalTimes(String text, String expected) {
        assertThat(ConfigScalars.parseLocalTime(text)).isEqualTo(LocalTime.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"24:00", "22:60", "10pm", "2200", "22"})
    void rejectsOtherTimes(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> ConfigScalars.parseLocalTime(text))
                .withMessageContaining("is not a time of day");
    }
}
