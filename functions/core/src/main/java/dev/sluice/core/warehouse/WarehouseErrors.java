package dev.sluice.core.warehouse;

import dev.sluice.core.query.FailureClass;

import java.util.List;
import java.util.Locale;

/**
 * Classifies the error text of a failed warehouse statement (Redshift) as transient or permanent and adds what
 * on-call should do. The batch is one transaction, so after any failure nothing of it was committed and a rerun of
 * the load is safe; the class says whether a rerun can help without a change.
 */
public final class WarehouseErrors {

    /** Fragments (lower case) of Redshift errors that a retry can resolve. */
    private static final List<String> TRANSIENT_FRAGMENTS = List.of(
            "1023",                                   // serializable isolation violation between transactions
            "serializable isolation violation",
            "could not complete because of conflict with concurrent transaction",
            "deadlock detected",
            "connection reset",
            "connection refused",
            "server closed the connection",
            "terminating connection",
            "the cluster is unavailable",
            "cluster is being resized",
            "timed out",
            "throttl",
            "rate exceeded",
            "too many connections",
            "active statements exceeded",
            "internal server error",
            "service unavailable");

    private WarehouseErrors() {
    }

    /** Transient when the text matches a known retryable error; otherwise permanent (syntax, permission, data). */
    public static FailureClass classify(String errorText) {
        String lower = errorText == null ? "" : errorText.toLowerCase(Locale.ROOT);
        for (String fragment : TRANSIENT_FRAGMENTS) {
            if (lower.contains(fragment)) {
                return FailureClass.TRANSIENT;
            }
        }
        return FailureClass.PERMANENT;
    }

    /** The error text with what to do, for the failure notification. */
    public static String explain(String errorText) {
        String text = errorText == null || errorText.isBlank() ? "(no error text from the warehouse)" : errorText;
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("load error") || lower.contains("stl_load_errors")
                || lower.contains("sys_load_error_detail")
                || (lower.contains("copy") && lower.contains("error"))) {
            return text + " -- COPY rejected rows: query sys_load_error_detail (Serverless) or stl_load_errors"
                    + " (provisioned) for the file, line, column and reason, fix the type mapping or the data, then"
                    + " rerun the window";
        }
        if (lower.contains("permission denied") || lower.contains("not authorized")) {
            return text + " -- grant the load user the privilege named above (or the COPY role access to the lake),"
                    + " then redrive";
        }
        if (lower.contains("does not exist")) {
            return text + " -- create the missing object (deploy the warehouse schema) or fix the target in config,"
                    + " then redrive";
        }
        if (lower.contains("syntax error")) {
            return text + " -- the generated SQL is invalid for this warehouse: a Sluice bug; report it with the run id";
        }
        if (classify(text) == FailureClass.TRANSIENT) {
            return text + " -- transient: the batch rolled back; redrive the execution";
        }
        return text + " -- the batch rolled back; fix the cause above and redrive";
    }
}
