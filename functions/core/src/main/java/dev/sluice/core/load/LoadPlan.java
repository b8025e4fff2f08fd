package dev.sluice.core.load;

import dev.sluice.core.config.TableConfig;
import dev.sluice.core.types.ColumnMapping;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything one load of one run into its warehouse target needs to generate its batch.
 *
 * @param table          the table's config (target schema/table/mode/dist and sort keys, primary key, watermark,
 *                       schema policy), with the primary key resolved
 * @param columns        the table's column mappings (lake columns with Redshift types); excluded columns carry none
 * @param runId          the run; becomes a SQL literal, so it must match {@link #RUN_ID}
 * @param source         where the run's rows are read from
 * @param ledgerSchema   the schema of the load ledger table
 * @param manifestRows   rows the run manifest says the run extracted; the batch fails if it stages another number
 * @param existingTarget the target's current columns, or empty when the target does not exist yet
 */
public record LoadPlan(
        TableConfig table,
        List<ColumnMapping> columns,
        String runId,
        LoadSource source,
        String ledgerSchema,
        long manifestRows,
        Optional<List<TargetColumn>> existingTarget) {

    /** The run id format Sluice generates; the only form accepted as a literal. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    public LoadPlan {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(table.target(), "target of table " + table.table());
        columns = List.copyOf(columns);
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id '" + runId + "' of table " + table.table()
                    + " is not a Sluice run id (letters, digits, _ and -, at most 128)");
        }
        Objects.requireNonNull(source, "source");
        SqlIdentifier.quote("warehouse.ledgerSchema", ledgerSchema);
        if (manifestRows < 0) {
            throw new IllegalArgumentException("run " + runId + " of " + table.table() + ": negative manifest rows");
        }
        existingTarget = existingTarget == null ? Optional.empty() : existingTarget.map(List::copyOf);
    }
}
