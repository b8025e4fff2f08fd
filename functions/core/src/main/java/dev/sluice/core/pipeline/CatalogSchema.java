package dev.sluice.core.pipeline;

import dev.sluice.core.catalog.CatalogException;
import dev.sluice.core.catalog.CatalogTransientException;
import dev.sluice.core.catalog.ExpectedTable;
import dev.sluice.core.catalog.SchemaCheck;
import dev.sluice.core.catalog.SchemaMismatch;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.SchemaDriftFailure;
import dev.sluice.core.failure.SluiceFailure;
import dev.sluice.core.failure.TransientFailure;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The catalog side of the two catalog steps: the schema check after a crawl or a partition registration, and the
 * translation of catalog errors into failure classes (throttling is transient; a missing crawler, database or
 * permission is configuration).
 */
final class CatalogSchema {

    private CatalogSchema() {
    }

    /** Compares the catalog with the run's expected table; a difference is schema drift naming each column. */
    static void requireMatch(PipelineContext context, SealedRun run, ExpectedTable expected) {
        SchemaCheck check = call(run, "comparing the catalog schema", () -> context.catalog().compareSchema(expected));
        if (!check.matches()) {
            throw new SchemaDriftFailure("catalog table " + expected.database() + "." + expected.table() + " of "
                    + run.where() + " does not match the type mapping: " + check.mismatches().stream()
                    .map(SchemaMismatch::describe).collect(Collectors.joining("; ")));
        }
    }

    /** Runs a catalog call, translating its exceptions. */
    static <T> T call(SealedRun run, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SluiceFailure e) {
            throw e;
        } catch (CatalogTransientException e) {
            throw new TransientFailure(run.where() + ": " + what + " failed transiently (" + e.getMessage()
                    + "); the state machine retries", e);
        } catch (CatalogException e) {
            throw new ConfigurationFailure(run.where() + ": " + what + " failed (" + e.getMessage() + "); check"
                    + " that the deployed catalog database, table and crawler exist and the function may use them", e);
        }
    }
}
