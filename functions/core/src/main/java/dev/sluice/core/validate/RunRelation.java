package dev.sluice.core.validate;

import dev.sluice.core.load.LoadPlan;
import dev.sluice.core.load.SqlIdentifier;

/**
 * The rows of one run as a query engine sees them: a catalog table (Athena: the Glue table, partitioned by
 * {@code run_id}) filtered to the run, or a view holding only the run ({@code runId} null).
 */
public record RunRelation(String schema, String table, String runId) {

    public RunRelation {
        SqlIdentifier.qualified("validation relation", schema, table);
        if (runId != null && !LoadPlan.RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id '" + runId + "' is not a Sluice run id");
        }
    }

    String from() {
        return SqlIdentifier.qualified("validation relation", schema, table);
    }

    /** The run filter (a validated literal: the run id format admits no quote), or TRUE for a view of one run. */
    String runFilter() {
        return runId == null ? "TRUE" : "\"run_id\" = '" + runId + "'";
    }
}
