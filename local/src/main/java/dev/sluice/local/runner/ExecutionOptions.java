package dev.sluice.local.runner;

import dev.sluice.core.pipeline.StepName;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the local runner runs one execution: the values of the definition's {@code ${...}} placeholders, how long
 * {@code Wait} states and retry intervals really wait on one machine, and how long the whole execution may take.
 *
 * @param substitutions placeholder name (without {@code ${}}) to value; every {@link StepName}'s
 *     {@code <Step>FunctionArn} defaults to {@link #functionArn(String)} of the step's id
 * @param waitOverride how long every {@code Wait} state waits instead of its Seconds/Timestamp; null: as written
 * @param waitOverrides per {@code Wait} state, ahead of {@code waitOverride}
 * @param retryIntervalOverride how long every retrier waits before a retry instead of its
 *     IntervalSeconds/BackoffRate/jitter; null: as written
 * @param retryIntervalOverrides per retried state, ahead of {@code retryIntervalOverride}
 * @param taskTimeout the TimeoutSeconds of Task states that set none (aws-local-stepfunctions would use 60 s; in
 *     AWS such a Lambda Task is bounded by the function's own timeout, at most 15 minutes)
 * @param timeout the longest the execution (node process included) may run before the runner stops it
 */
public record ExecutionOptions(Map<String, String> substitutions, Duration waitOverride,
        Map<String, Duration> waitOverrides, Duration retryIntervalOverride, Map<String, Duration> retryIntervalOverrides,
        Duration taskTimeout, Duration timeout) {

    /** The account and region of the ARNs the local runner makes up. */
    public static final String LOCAL_ARN_PREFIX = "arn:aws:%s:us-east-1:000000000000:";

    public ExecutionOptions {
        substitutions = Map.copyOf(substitutions);
        waitOverrides = Map.copyOf(waitOverrides);
        retryIntervalOverrides = Map.copyOf(retryIntervalOverrides);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(taskTimeout, "taskTimeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the execution timeout must be positive, not " + timeout);
        }
        if (taskTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("the Task timeout must be at least 1 second, not " + taskTimeout);
        }
    }

    /**
     * One machine's defaults: every Wait lasts 50 ms and every retry interval 20 ms (the stand-ins answer at once,
     * so the start/wait/check loops need no real pause), a Task without TimeoutSeconds may take 15 minutes (the
     * Lambda maximum), the execution 2 hours.
     */
    public static ExecutionOptions local() {
        return new ExecutionOptions(Map.of(), Duration.ofMillis(50), Map.of(), Duration.ofMillis(20), Map.of(),
                Duration.ofMinutes(15), Duration.ofHours(2));
    }

    /** The local Lambda ARN of function {@code name}: the runner routes a Task whose Resource is it to {@code name}. */
    public static String functionArn(String name) {
        return LOCAL_ARN_PREFIX.formatted("lambda") + "function:" + name;
    }

    /** These options with placeholder {@code name} (without {@code ${}}) replaced by {@code value}. */
    public ExecutionOptions withSubstitution(String name, String value) {
        Map<String, String> all = new HashMap<>(substitutions);
        all.put(name, value);
        return new ExecutionOptions(all, waitOverride, waitOverrides, retryIntervalOverride, retryIntervalOverrides,
                taskTimeout, timeout);
    }

    /** These options with every Wait state lasting {@code wait} (null: as written in the definition). */
    public ExecutionOptions withWaits(Duration wait) {
        return new ExecutionOptions(substitutions, wait, waitOverrides, retryIntervalOverride, retryIntervalOverrides,
                taskTimeout, timeout);
    }

    /** These options with Wait state {@code state} lasting {@code wait}. */
    public ExecutionOptions withWait(String state, Duration wait) {
        Map<String, Duration> all = new HashMap<>(waitOverrides);
        all.put(state, wait);
        return new ExecutionOptions(substitutions, waitOverride, all, retryIntervalOverride, retryIntervalOverrides,
                taskTimeout, timeout);
    }

    /** These options with every retry interval lasting {@code interval} (null: as written in the definition). */
    public ExecutionOptions withRetryIntervals(Duration interval) {
        return new ExecutionOptions(substitutions, waitOverride, waitOverrides, interval, retryIntervalOverrides,
                taskTimeout, timeout);
    }

    /** These options with state {@code state}'s retry intervals lasting {@code interval}. */
    public ExecutionOptions withRetryInterval(String state, Duration interval) {
        Map<String, Duration> all = new HashMap<>(retryIntervalOverrides);
        all.put(state, interval);
        return new ExecutionOptions(substitutions, waitOverride, waitOverrides, retryIntervalOverride, all, taskTimeout,
                timeout);
    }

    /** These options with the execution stopped after {@code limit}. */
    public ExecutionOptions withTimeout(Duration limit) {
        return new ExecutionOptions(substitutions, waitOverride, waitOverrides, retryIntervalOverride,
                retryIntervalOverrides, taskTimeout, limit);
    }

    /** These options with Tasks that set no TimeoutSeconds failing with States.Timeout after {@code limit}. */
    public ExecutionOptions withTaskTimeout(Duration limit) {
        return new ExecutionOptions(substitutions, waitOverride, waitOverrides, retryIntervalOverride,
                retryIntervalOverrides, limit, timeout);
    }

    /** The substitutions with every step's default function ARN added where none is given. */
    Map<String, String> effectiveSubstitutions() {
        Map<String, String> all = new HashMap<>();
        for (StepName step : StepName.values()) {
            all.put(step.id() + "FunctionArn", functionArn(step.id()));
        }
        all.putAll(substitutions);
        return all;
    }
}
