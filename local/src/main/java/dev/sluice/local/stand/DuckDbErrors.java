package dev.sluice.local.stand;

import dev.sluice.core.query.FailureClass;
import dev.sluice.core.warehouse.WarehouseErrors;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Whether a DuckDB error can go away on a retry: a file lock held by another process or a write-write conflict
 * between transactions can; everything else (parser, binder, conversion, missing files or objects) is a fault of
 * the SQL or the data and is permanent.
 */
final class DuckDbErrors {

    private DuckDbErrors() {
    }

    static FailureClass classify(String message) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (lower.contains("could not set lock") || lower.contains("conflict") || lower.contains("interrupted")) {
            return FailureClass.TRANSIENT;
        }
        return WarehouseErrors.classify(message);
    }

    /** The first line of DuckDB's message (it appends hints and context on further lines). */
    static String message(SQLException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }
}
