package dev.sluice.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.pipeline.StepName;
import dev.sluice.local.runner.LocalFunction;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * What {@code sluice run} shows while a table runs, learned by watching the step functions the state machine calls
 * (Plan's chunk count and row estimate, each ExtractChunk's rows and bytes, the step in progress). On a terminal it
 * is one live line redrawn in place (a bar of chunks done, rows, rows/s, ETA, the current step); otherwise one plain
 * log line per event, so a log file or CI output stays readable. Everything goes to stderr: stdout carries the
 * result (and {@code --json}'s one document).
 *
 * <p>The step functions of a Map run concurrently, so every observation is synchronized.
 */
final class RunProgress implements AutoCloseable {

    /** Width of the live bar in characters. */
    static final int BAR_WIDTH = 24;

    private final PrintWriter err;
    private final boolean live;
    private final LongSupplier nanoTime;
    private final ObjectStore lake;
    private final ScheduledExecutorService ticker;

    private String table;
    private long startedNanos;
    private long extractStartedNanos;
    private long lastChunkNanos;
    private int chunks;
    private int chunksDone;
    private long rowEstimate;
    private long rows;
    private long bytes;
    private String step = "starting";
    private boolean lineDrawn;
    private boolean timings;

    /**
     * @param live     redraw one line in place (a terminal) rather than print log lines
     * @param lake     where Plan's {@code plan.json} is read for the row estimate
     * @param nanoTime the monotonic clock rates and ETAs are computed on
     */
    RunProgress(PrintWriter err, boolean live, ObjectStore lake, LongSupplier nanoTime) {
        this.err = err;
        this.live = live;
        this.lake = lake;
        this.nanoTime = nanoTime;
        if (live) {
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sluice-progress");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        } else {
            ticker = null;
        }
    }

    /** Wraps each step's function so its calls are observed (what {@code LocalMigration} takes). */
    BiFunction<StepName, LocalFunction, LocalFunction> observer() {
        return (name, function) -> input -> {
            started(name);
            long began = nanoTime.getAsLong();
            String output = function.invoke(input);
            if (timings) {
                synchronized (this) {
                    log(String.format(Locale.ROOT, "step %s took %.2f s", name.id(),
                            (nanoTime.getAsLong() - began) / 1e9));
                }
            }
            finished(name, output);
            return output;
        };
    }

    /** Also logs how long each step call took ({@code --verbose}). */
    RunProgress withTimings() {
        timings = true;
        return this;
    }

    /** A table's run begins. */
    synchronized void tableStarted(String tableName, String mode) {
        table = tableName;
        startedNanos = nanoTime.getAsLong();
        extractStartedNanos = 0;
        lastChunkNanos = 0;
        chunks = 0;
        chunksDone = 0;
        rowEstimate = 0;
        rows = 0;
        bytes = 0;
        step = "planning";
        if (!live) {
            log("run started (" + mode + ")");
        }
        redraw();
    }

    /** The table's run ended: the live line is cleared so the result prints on a clean line. */
    synchronized void tableFinished() {
        clearLine();
        table = null;
    }

    private synchronized void started(StepName name) {
        if (name == StepName.EXTRACT_CHUNK && extractStartedNanos == 0) {
            extractStartedNanos = nanoTime.getAsLong();
        }
        String doing = doing(name);
        if (doing != null && !doing.equals(step)) {
            step = doing;
            if (!live && name != StepName.EXTRACT_CHUNK && name != StepName.PLAN) {
                log(doing);
            }
        }
        redraw();
    }

    private synchronized void finished(StepName name, String output) {
        if (name == StepName.PLAN) {
            JsonNode plan = tree(output);
            if (plan.path("nothingNew").asBoolean()) {
                step = "nothing new";
                if (!live) {
                    log("nothing new since the committed watermark");
                }
            } else {
                chunks = plan.path("chunkCount").asInt();
                rowEstimate = estimatedRows(plan);
                step = "extracting";
                if (!live) {
                    log("planned run " + plan.path("run").path("runId").asText() + ": " + PlanText.number(chunks)
                            + (chunks == 1 ? " chunk" : " chunks")
                            + (rowEstimate > 0 ? ", about " + PlanText.number(rowEstimate) + " rows" : ""));
                }
            }
        } else if (name == StepName.EXTRACT_CHUNK) {
            JsonNode chunk = tree(output);
            chunksDone++;
            lastChunkNanos = nanoTime.getAsLong();
            rows += chunk.path("rows").asLong();
            bytes += chunk.path("bytes").asLong();
            if (!live) {
                log(String.format(Locale.ROOT, "chunk %d/%d: %s rows%s; %s rows, %s rows/s", chunksDone, chunks,
                        PlanText.number(chunk.path("rows").asLong()),
                        chunk.path("extracted").asBoolean(true) ? "" : " (already in the lake)",
                        PlanText.number(rows), PlanText.number(Math.round(rowsPerSecond()))));
            }
        }
        redraw();
    }

    /** Plan's row estimate from its {@code plan.json}; 0 when it cannot be read (the ETA then counts chunks). */
    private long estimatedRows(JsonNode plan) {
        try {
            return lake.get(plan.path("planKey").asText())
                    .map(object -> LakeJson.tree(plan.path("planKey").asText(), object.bytes()).path("plan")
                            .path("rowEstimate").asLong())
                    .orElse(0L);
        } catch (RuntimeException unreadable) {
            return 0;
        }
    }

    private static JsonNode tree(String json) {
        try {
            return LakeJson.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("a step returned JSON that cannot be read: " + json, e);
        }
    }

    /** Rows a second of the extraction: up to now while chunks remain, over its whole span once all are done. */
    private double rowsPerSecond() {
        if (extractStartedNanos == 0) {
            return 0;
        }
        long until = chunks > 0 && chunksDone >= chunks ? lastChunkNanos : nanoTime.getAsLong();
        double seconds = (until - extractStartedNanos) / 1e9;
        return seconds <= 0 ? 0 : rows / seconds;
    }

    /** Seconds left of the extraction: by rows against the estimate when there is one, else by chunks. */
    Optional<Long> etaSeconds() {
        if (extractStartedNanos == 0 || chunksDone == 0 || chunksDone >= chunks) {
            return Optional.empty();
        }
        double elapsed = (nanoTime.getAsLong() - extractStartedNanos) / 1e9;
        double rate = rows / Math.max(elapsed, 1e-9);
        if (rowEstimate > rows && rate > 0) {
            return Optional.of(Math.round((rowEstimate - rows) / rate));
        }
        return Optional.of(Math.round(elapsed / chunksDone * (chunks - chunksDone)));
    }

    /** The live line for the current state (without the carriage return). */
    synchronized String line() {
        StringBuilder line = new StringBuilder(table == null ? "" : table).append("  ");
        int filled = chunks == 0 ? 0 : (int) ((long) BAR_WIDTH * chunksDone / chunks);
        line.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                .append(chunksDone).append('/').append(chunks).append(" chunks  ")
                .append(PlanText.number(rows)).append(" rows  ")
                .append(PlanText.number(Math.round(rowsPerSecond()))).append(" rows/s  ");
        Optional<Long> eta = etaSeconds();
        line.append("ETA ").append(eta.map(RunProgress::clock).orElse("--:--")).append("  ")
                .append(clock(Math.round((nanoTime.getAsLong() - startedNanos) / 1e9))).append(" elapsed  ")
                .append(step);
        return line.toString();
    }

    static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private synchronized void redraw() {
        if (!live || table == null) {
            return;
        }
        err.print("\r\033[K" + line());
        err.flush();
        lineDrawn = true;
    }

    private void clearLine() {
        if (live && lineDrawn) {
            err.print("\r\033[K");
            err.flush();
            lineDrawn = false;
        }
    }

    private void log(String message) {
        if (live) {
            clearLine();
        }
        err.println("sluice: " + table + ": " + message);
        err.flush();
    }

    /** What the run is doing while {@code name} runs, as the live line says it. */
    private static String doing(StepName name) {
        return switch (name) {
            case PLAN -> "planning";
            case EXTRACT_CHUNK -> "extracting";
            case SEAL_RUN -> "sealing the run";
            case START_CRAWLER, CHECK_CRAWLER -> "cataloguing";
            case START_VALIDATION, CHECK_VALIDATION -> "validating";
            case START_LOAD, CHECK_LOAD -> "loading";
            case COMMIT -> "committing";
            case NOTIFY -> null;
        };
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        clearLine();
    }
}
