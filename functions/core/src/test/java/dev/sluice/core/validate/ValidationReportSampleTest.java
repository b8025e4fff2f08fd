package dev.sluice.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.validate.ValidationReport.Check;
import dev.sluice.core.validate.ValidationReport.ChunkReport;
import dev.sluice.core.validate.ValidationReport.DifferenceKind;
import dev.sluice.core.validate.ValidationReport.SampleCheck;
import dev.sluice.core.validate.ValidationReport.SampleDifference;
import dev.sluice.core.validate.ValidationReport.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationReportSampleTest {

    private static final ValidationReport RECONCILED = new ValidationReport("sales.orders", "r1", true,
            List.of(new ChunkReport("c1", true, List.of(new Check("row_count", "3", "3", Verdict.PASS)), List.of(),
                    true)));

    @Test
    void aSampleDifferenceFailsAPassingReconciliationAndRoundTrips() {
        SampleCheck sample = new SampleCheck(2, 2, false, "", List.of(
                new SampleDifference("c1", List.of("7"), DifferenceKind.CHANGED, 11L, 12L),
                new SampleDifference("c1", List.of("9"), DifferenceKind.EXTRA, 13L, null)));

        ValidationReport report = RECONCILED.withSample(sample);

        assertThat(report.passed()).isFalse();
        assertThat(report.sampleFailures()).containsExactly(
                "chunk c1 key (7): CHANGED, lake row hash 11, source row hash 12",
                "chunk c1 key (9): EXTRA, lake row hash 13, source has no row with this key");
        assertThat(ValidationReport.fromJson(report.toJson())).isEqualTo(report);
        assertThat(report.renderText()).contains("source sample: FAIL, 2 of 2 keys compared");
    }

    @Test
    void aSkippedSampleKeepsTheVerdictAndAReportWithoutSampleStillReads() {
        ValidationReport skipped = RECONCILED.withSample(SampleCheck.skipped("validation.sampleSize is 0"));
        assertThat(skipped.passed()).isTrue();
        assertThat(ValidationReport.fromJson(skipped.toJson()).sample().skipped()).isEqualTo(
                "validation.sampleSize is 0");

        assertThat(RECONCILED.toJson()).doesNotContain("sample");
        assertThat(ValidationReport.fromJson(RECONCILED.toJson())).isEqualTo(RECONCILED);
    }
}
