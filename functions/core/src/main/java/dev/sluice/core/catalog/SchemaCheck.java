package dev.sluice.core.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of comparing a catalog table with the expected one: no mismatches means the schema matches. */
public record SchemaCheck(String database, String table, List<SchemaMismatch> mismatches) {

    public SchemaCheck {
        mismatches = List.copyOf(mismatches);
    }

    public boolean matches() {
        return mismatches.isEmpty();
    }

    /** Throws a {@link CatalogPermanentException} naming every mismatch when the schema does not match. */
    public SchemaCheck requireMatch() {
        if (!matches()) {
            throw new CatalogPermanentException("catalog table " + database + "." + table
                    + " does not match the type mapping: " + mismatches.stream().map(SchemaMismatch::describe)
                    .collect(Collectors.joining("; ")), null);
        }
        return this;
    }
}
