package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.pipeline.StepName;
import dev.sluice.local.runner.LocalFunction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunProgressTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(100 * SECOND);
    private final InMemoryObjectStore lake = new InMemoryObjectStore();
    private final StringWriter err = new StringWriter();

    private RunProgress progress(boolean live) {
        return new RunProgress(new PrintWriter(err, true), live, lake, now::get);
    }

    private static String plan(int chunks) {
        return "{\"run\":{\"runId\":\"r1\"},\"nothingNew\":false,\"planKey\":\"runs/r1/plan.json\",\"chunkCount\":"
                + chunks + "}";
    }

    private static String chunk(long rows, boolean extracted) {
        return "{\"chunkId\":\"c\",\"rows\":" + rows + ",\"bytes\":1000,\"extracted\":" + extracted + "}";
    }

    /** One call of {@code step}'s function, which takes {@code seconds} and returns {@code output}. */
    private void call(RunProgress progress, StepName step, String output, long seconds) throws Exception {
        LocalFunction observed = progress.observer().apply(step, input -> {
            now.addAndGet(seconds * SECOND);
            return output;
        });
        assertThat(observed.invoke("{}")).isEqualTo(output);
    }

    @Test
    void theLiveLineShowsChunksRowsRateAndAnEtaFromThePlansRowEstimate() throws Exception {
        lake.putIfAbsent("runs/r1/plan.json", "{\"plan\":{\"rowEstimate\":10000}}".getBytes(StandardCharsets.UTF_8),
                "application/json");
        try (RunProgress progress = progress(true)) {
            progress.tableStarted("sales.orders", "backfill");
            call(progress, StepName.PLAN, plan(4), 0);
            call(progress, StepName.EXTRACT_CHUNK, chunk(2_500, true), 2);
            call(progress, StepName.EXTRACT_CHUNK, chunk(2_500, true), 2);

            // 5,000 rows in the 4 s since the first chunk started: 1,250 rows/s; 5,000 of 10,000 left: 4 s
            assertThat(progress.line()).isEqualTo("sales.orders  [############............] 2/4 chunks  5,000 rows"
                    + "  1,250 rows/s  ETA 0:04  0:04 elapsed  extracting");
            assertThat(err.toString()).contains("\r\u001b[K").doesNotContain("\n");
        }
    }

    @Test
    void onceEveryChunkIsDoneTheRateStopsFalling() throws Exception {
        try (RunProgress progress = progress(false)) {
            progress.tableStarted("sales.orders", "auto");
            call(progress, StepName.PLAN, plan(1), 0);
            call(progress, StepName.EXTRACT_CHUNK, chunk(4_000, true), 2);
            call(progress, StepName.START_VALIDATION, "{}", 30);
            assertThat(progress.line()).contains("1/1 chunks  4,000 rows  2,000 rows/s  ETA --:--  0:32 elapsed"
                    + "  validating");
        }
    }

    @Test
    void withoutAnEstimateTheEtaCountsChunks() throws Exception {
        try (RunProgress progress = progress(false)) {
            progress.tableStarted("sales.orders", "auto");
            call(progress, StepName.PLAN, plan(5), 0);
            call(progress, StepName.EXTRACT_CHUNK, chunk(100, true), 2);
            call(progress, StepName.EXTRACT_CHUNK, chunk(100, false), 2);
            // no plan.json to read an estimate from: 4 s for 2 chunks, 3 left
            assertThat(progress.etaSeconds()).contains(6L);
        }
    }

    @Test
    void withoutATerminalEachEventIsOnePlainLine() throws Exception {
        try (RunProgress progress = progress(false)) {
            progress.tableStarted("sales.orders", "auto");
            call(progress, StepName.PLAN, plan(1), 0);
            call(progress, StepName.EXTRACT_CHUNK, chunk(1_000, true), 2);
            call(progress, StepName.START_VALIDATION, "{}", 0);
            call(progress, StepName.CHECK_VALIDATION, "{}", 0);
            progress.tableFinished();
        }
        assertThat(err.toString().lines()).containsExactly(
                "sluice: sales.orders: run started (auto)",
                "sluice: sales.orders: planned run r1: 1 chunk",
                "sluice: sales.orders: chunk 1/1: 1,000 rows; 1,000 rows, 500 rows/s",
                "sluice: sales.orders: validating");
        assertThat(err.toString()).doesNotContain("\r");
    }

    @Test
    void nothingNewIsSaidOnce() throws Exception {
        try (RunProgress progress = progress(false)) {
            progress.tableStarted("sales.events", "auto");
            call(progress, StepName.PLAN, "{\"run\":{\"runId\":\"r2\"},\"nothingNew\":true}", 0);
        }
        assertThat(err.toString().lines()).containsExactly("sluice: sales.events: run started (auto)",
                "sluice: sales.events: nothing new since the committed watermark");
    }

    @Test
    void clocksAreMinutesAndSecondsThenHours() {
        assertThat(RunProgress.clock(0)).isEqualTo("0:00");
        assertThat(RunProgress.clock(599)).isEqualTo("9:59");
        assertThat(RunProgress.clock(3_725)).isEqualTo("1:02:05");
    }
}
