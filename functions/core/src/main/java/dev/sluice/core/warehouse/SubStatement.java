package dev.sluice.core.warehouse;

/**
 * One statement of a finished batch.
 *
 * @param id           its id, for {@link Warehouse#results}
 * @param status       the runner's status text, e.g. {@code FINISHED}
 * @param resultRows   rows it returned or changed ({@code -1} when unknown)
 * @param hasResultSet whether it returned rows to read
 * @param error        its error text, empty when none
 */
public record SubStatement(String id, String status, long resultRows, boolean hasResultSet, String error) {

    public SubStatement {
        error = error == null ? "" : error;
    }
}
