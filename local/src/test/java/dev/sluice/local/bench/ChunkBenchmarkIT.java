package dev.sluice.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's benchmark command at 2,000 rows, so it keeps working between the (long, manual) full-size runs: each
 * contender runs in its child JVM and the report prints its figures and the ratios against the targets. The figures
 * at this size mean nothing; that they are there does.
 */
class ChunkBenchmarkIT {

    @Test
    void everyContenderReportsItsFiguresAndTheRatiosAreComputed() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ChunkBenchmark.main(new String[] {"--rows", "2000", "--heap", "256m", "--contenders", "copy,sluice,jsonl"});
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = output.lines().toList();

        assertThat(output).as(output).contains("generated 2,000 rows");
        for (String contender : List.of("copy", "sluice", "jsonl")) {
            assertThat(lines).as(output).anySatisfy(line -> assertThat(line).matches(contender + " +[0-9.]+ +[0-9,]+ .*"));
        }
        assertThat(lines).as(output).anySatisfy(line -> assertThat(line)
                .matches("sluice / copy rows/s \\(target >= 0\\.6\\) +[0-9]+\\.[0-9]{2}"));
        assertThat(lines).as(output).anySatisfy(line -> assertThat(line)
                .matches("Parquet bytes / gzip JSONL bytes \\(target <= 0\\.5\\) +[0-9]+\\.[0-9]{2}"));
    }
}
