package dev.sluice.core.pipeline;

import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.query.FailureClass;
import dev.sluice.core.query.QueryEngine;
import dev.sluice.core.query.QueryEngineException;
import dev.sluice.core.query.QueryRequest;
import dev.sluice.core.query.QueryStatus;
import dev.sluice.core.query.RequestToken;
import dev.sluice.core.query.ResultTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs small queries on the query engine synchronously, polling with a bounded backoff: only for validation's
 * failure path (narrowing a mismatch to keys) and the sample query, never for the run's main measures, which the
 * state machine waits for between StartValidation and CheckValidation.
 */
final class EngineQueries {

    /** How long one synchronous query may take before the step gives up (and is retried by the state machine). */
    static final Duration LIMIT = Duration.ofMinutes(3);

    private final QueryEngine engine;
    private final PipelineSettings settings;
    private final Pause pause;

    /** Waits between polls; {@link Thread#sleep} in production. */
    @FunctionalInterface
    interface Pause {
        void millis(long millis) throws InterruptedException;
    }

    EngineQueries(QueryEngine engine, PipelineSettings settings, Pause pause) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /**
     * Runs {@code sql} with {@code parameters} as query {@code name} of {@code runId} (the name gets a digest of the
     * SQL and parameters, so a different query never reuses another's idempotency token) and returns its rows.
     */
    ResultTable run(String runId, String name, String sql, List<Object> parameters, String where) {
        List<String> parts = new ArrayList<>(List.of(sql));
        parameters.forEach(p -> parts.add(p == null ? "null" : p.getClass().getSimpleName() + ":" + p));
        String queryName = name + "-" + RequestToken.of(parts.toArray(String[]::new)).substring(0, 16);
        QueryRequest request = new QueryRequest(runId, queryName, sql, workgroup(settings), settings.catalogDatabase(),
                parameters);
        try {
            String id = engine.start(request);
            long waited = 0;
            long delay = 100;
            while (true) {
                QueryStatus status = engine.check(id);
                switch (status.state()) {
                    case SUCCEEDED -> {
                        return engine.results(id);
                    }
                    case FAILED, CANCELLED -> throw failed(status, where + ": query " + queryName);
                    case RUNNING -> { }
                }
                if (waited >= LIMIT.toMillis()) {
                    throw new TransientFailure(where + ": query " + queryName + " (" + id + ") did not finish within "
                            + LIMIT + "; the step is retried");
                }
                pause.millis(delay);
                waited += delay;
                delay = Math.min(delay * 2, 2_000);
            }
        } catch (QueryEngineException e) {
            throw translate(e, where + ": query " + queryName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure(where + ": interrupted while waiting for query " + queryName, e);
        }
    }

    static String workgroup(PipelineSettings settings) {
        return settings.queryWorkgroup() == null ? "" : settings.queryWorkgroup();
    }

    /** The failure of a failed or cancelled query: transient ones are retried, permanent ones need a fix. */
    static RuntimeException failed(QueryStatus status, String what) {
        String reason = status.reason().isBlank() ? "(no reason given)" : status.reason();
        if (status.state() == QueryStatus.State.CANCELLED || status.failureClass() == FailureClass.TRANSIENT) {
            return new TransientFailure(what + " was " + status.state().name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + reason + "; redrive once the query engine is healthy");
        }
        return new ConfigurationFailure(what + " failed: " + reason + " -- check the catalog table, the workgroup"
                + " and the function's permissions named above, redeploy and start a new execution");
    }

    /** A query engine exception as a failure class. */
    static RuntimeException translate(QueryEngineException e, String what) {
        return e.transientFailure()
                ? new TransientFailure(what + " failed transiently (" + e.getMessage() + "); it is retried", e)
                : new ConfigurationFailure(what + " failed (" + e.getMessage() + "); check the workgroup, the"
                        + " catalog database and the function's permissions", e);
    }
}
