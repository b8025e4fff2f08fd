package dev.sluice.core.load;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * What one load did to its target, read back from the run's ledger row ({@link RedshiftLoadSql#ledgerRowQuery})
 * after the batch committed, and kept as the run's {@code load.json}. The batch itself already failed if the staged
 * rows differed from the run manifest, so {@code rowsStaged} equals the manifest's row count here.
 *
 * @param rowsInserted keys new to the target (append: every staged row except deletes; replace: every staged row)
 * @param rowsUpdated  keys whose row hash changed (scd2: a new version)
 * @param rowsDeleted  keys deleted ({@code _sluice_op = 'D'}; scd2: closed; replace: the previous rows removed)
 * @param loadedAt     when the ledger row was written, as the warehouse reports it
 */
@JsonPropertyOrder({"runId", "targetSchema", "targetTable", "mode", "rowsStaged", "rowsInserted", "rowsUpdated",
        "rowsDeleted", "loadedAt"})
public record LoadReport(String runId, String targetSchema, String targetTable, String mode, long rowsStaged,
                         long rowsInserted, long rowsUpdated, long rowsDeleted, String loadedAt) {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    /** The report as {@code load.json}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("load report of run " + runId + " is not serializable", e);
        }
    }

    /** A report read back from {@code load.json}. */
    public static LoadReport fromJson(String json) {
        try {
            return JSON.readValue(json, LoadReport.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a load report: " + e.getOriginalMessage(), e);
        }
    }

    /** The report from the ledger row as a label -> value map (JDBC objects or Data API text). */
    public static LoadReport fromLedgerRow(Map<String, Object> row) {
        return new LoadReport(text(row, "run_id"), text(row, "target_schema"), text(row, "target_table"),
                text(row, "load_mode"), count(row, "rows_staged"), count(row, "rows_inserted"),
                count(row, "rows_updated"), count(row, "rows_deleted"), text(row, "loaded_at"));
    }

    private static String text(Map<String, Object> row, String label) {
        return String.valueOf(Objects.requireNonNull(row.get(label), "ledger row lacks " + label));
    }

    private static long count(Map<String, Object> row, String label) {
        return new BigDecimal(text(row, label)).longValueExact();
    }
}
