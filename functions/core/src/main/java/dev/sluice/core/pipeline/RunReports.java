package dev.sluice.core.pipeline;

import dev.sluice.core.failure.LoadFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.failure.ValidationMismatchFailure;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.lake.PreconditionFailedException;
import dev.sluice.core.load.LoadReport;
import dev.sluice.core.validate.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Writes a run's reports ({@code validation.json}, {@code load.json}) once, with If-None-Match. A report already
 * stored with the same content is success (a retried step). A validation report may be replaced only when the stored
 * one failed (a redrive after the cause was fixed may pass, or fail differently); a stored passing report is never
 * replaced. A different load report is a conflict: the ledger row it is read from never changes.
 */
final class RunReports {

    private RunReports() {
    }

    /** What is stored under the validation report's key after writing {@code report}. */
    static ValidationReport writeValidation(ObjectStore lake, String key, ValidationReport report, String where) {
        byte[] json = report.toJson().getBytes(StandardCharsets.UTF_8);
        try {
            lake.putIfAbsent(key, json, "application/json");
            return report;
        } catch (PreconditionFailedException exists) {
            ObjectStore.StoredObject stored = read(lake, key, where);
            if (Arrays.equals(stored.bytes(), json)) {
                return report;
            }
            ValidationReport previous = ValidationReport.fromJson(new String(stored.bytes(), StandardCharsets.UTF_8));
            if (previous.passed()) {
                if (report.passed()) {
                    return previous; // both pass: the first verdict stands
                }
                throw new ValidationMismatchFailure(where + ": '" + key + "' holds a passing report, but validating"
                        + " again found: " + String.join("; ", MismatchMessage.lines(report, 10))
                        + ". The source or lake changed after the run passed; the stored report is kept. Read both,"
                        + " then rerun the window");
            }
            try {
                lake.putIfMatch(key, json, "application/json", stored.etag());
            } catch (PreconditionFailedException raced) {
                throw new TransientFailure(where + ": '" + key + "' changed while it was being replaced (another"
                        + " attempt of the step); it is retried", raced);
            }
            return report;
        } catch (RuntimeException e) {
            if (e instanceof ValidationMismatchFailure || e instanceof TransientFailure) {
                throw e;
            }
            throw new TransientFailure(where + ": writing '" + key + "' failed (" + e.getMessage() + "); it is"
                    + " retried", e);
        }
    }

    /** Writes {@code load.json} once; the same report already stored is success. */
    static void writeLoad(ObjectStore lake, String key, LoadReport report, String where) {
        byte[] json = report.toJson().getBytes(StandardCharsets.UTF_8);
        try {
            lake.putIfAbsent(key, json, "application/json");
        } catch (PreconditionFailedException exists) {
            ObjectStore.StoredObject stored = read(lake, key, where);
            if (!Arrays.equals(stored.bytes(), json)) {
                throw new LoadFailure(where + ": '" + key + "' already holds a different load report than the"
                        + " ledger row now gives (" + report.toJson().replace('\n', ' ') + "); the ledger"
                        + " row of a run must not change: inspect the ledger table and the stored report");
            }
        } catch (RuntimeException e) {
            if (e instanceof LoadFailure) {
                throw e;
            }
            throw new TransientFailure(where + ": writing '" + key + "' failed (" + e.getMessage() + "); it is"
                    + " retried", e);
        }
    }

    private static ObjectStore.StoredObject read(ObjectStore lake, String key, String where) {
        Optional<ObjectStore.StoredObject> stored = lake.get(key);
        return stored.orElseThrow(() -> new TransientFailure(where + ": '" + key + "' exists (412) but cannot be"
                + " read; it is retried"));
    }
}
