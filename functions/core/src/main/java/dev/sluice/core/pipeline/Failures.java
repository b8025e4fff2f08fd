package dev.sluice.core.pipeline;

import dev.sluice.core.catalog.CatalogPermanentException;
import dev.sluice.core.catalog.CatalogTransientException;
import dev.sluice.core.config.ConfigException;
import dev.sluice.core.extract.ChunkValueException;
import dev.sluice.core.extract.chunk.ExtractChunkException;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.LoadFailure;
import dev.sluice.core.failure.RunInProgressFailure;
import dev.sluice.core.failure.SchemaDriftFailure;
import dev.sluice.core.failure.SluiceFailure;
import dev.sluice.core.failure.SourceFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.failure.ValidationMismatchFailure;
import dev.sluice.core.lake.ManifestConflictException;
import dev.sluice.core.lake.PreconditionFailedException;
import dev.sluice.core.load.TargetSchemaException;
import dev.sluice.core.query.QueryEnginePermanentException;
import dev.sluice.core.query.QueryEngineTransientException;
import dev.sluice.core.source.SourceException;
import dev.sluice.core.state.LeaseHeldException;
import dev.sluice.core.state.LeaseLostException;
import dev.sluice.core.state.SchemaDriftException;
import dev.sluice.core.state.SealException;
import dev.sluice.core.state.WatermarkConflictException;
import dev.sluice.core.warehouse.WarehousePermanentException;
import dev.sluice.core.warehouse.WarehouseTransientException;
import dev.sluice.core.watermark.ChangeTrackingExpiredException;
import dev.sluice.core.watermark.WatermarkException;

/**
 * The one translation from domain exceptions to the {@link SluiceFailure} classes that cross a step boundary: which
 * failure class on-call reads and whether the state machine retries. Messages keep the domain exception's text
 * (which names the table, chunk or config path and the fix) behind a prefix saying where it happened.
 *
 * <p>Anything unrecognised (an adapter's I/O error, a bug) is {@link TransientFailure}: the state machine retries
 * it a few times and NotifyFailure classifies unknown error types the same way, so a step and the notification
 * never disagree about an error.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * The failure {@code error} means at a step boundary.
     *
     * @param where what was being done, for the message ({@code "Plan of demo.sales.orders"})
     */
    public static SluiceFailure translate(Throwable error, String where) {
        String message = where + ": " + error.getMessage();
        return switch (error) {
            case SluiceFailure f -> f;
            case ConfigException e -> new ConfigurationFailure(message, e);
            case SourceException e -> e.transientFailure() ? new TransientFailure(message, e)
                    : new SourceFailure(message, e);
            case SchemaDriftException e -> new SchemaDriftFailure(message, e);
            case LeaseHeldException e -> new RunInProgressFailure(message, e);
            case LeaseLostException e -> new RunInProgressFailure(message, e);
            case WatermarkConflictException e -> new RunInProgressFailure(message, e);
            case ChangeTrackingExpiredException e -> new SourceFailure(message, e);
            case WatermarkException e -> new ConfigurationFailure(message, e);
            case SealException e -> new ValidationMismatchFailure(message, e);
            case ManifestConflictException e -> new ValidationMismatchFailure(message, e);
            case ExtractChunkException e -> extraction(e, where);
            case ChunkValueException e -> new ConfigurationFailure(message, e);
            case TargetSchemaException e -> new SchemaDriftFailure(message, e);
            case CatalogTransientException e -> new TransientFailure(message, e);
            case CatalogPermanentException e -> new ConfigurationFailure(message, e);
            case QueryEngineTransientException e -> new TransientFailure(message, e);
            case QueryEnginePermanentException e -> new ConfigurationFailure(message, e);
            case WarehouseTransientException e -> new TransientFailure(message, e);
            case WarehousePermanentException e -> new LoadFailure(message, e);
            case PreconditionFailedException e -> new TransientFailure(message + " (a concurrent write; retrying "
                    + "reads the current state again)", e);
            default -> new TransientFailure(where + ": unexpected " + error.getClass().getSimpleName() + ": "
                    + error.getMessage(), error);
        };
    }

    /**
     * A failed chunk: retryable ones are transient; a permanent one is schema drift when the table changed since
     * planning, a validation mismatch when a different chunk is already committed, configuration when a value
     * needs a column policy, else a source failure.
     */
    private static SluiceFailure extraction(ExtractChunkException e, String where) {
        String message = where + ": " + e.getMessage();
        if (e.retryable()) {
            return new TransientFailure(message, e);
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaDriftException) {
                return new SchemaDriftFailure(message, e);
            }
            if (cause instanceof ManifestConflictException) {
                return new ValidationMismatchFailure(message, e);
            }
            if (cause instanceof ChunkValueException) {
                return new ConfigurationFailure(message, e);
            }
        }
        return new SourceFailure(message, e);
    }
}
