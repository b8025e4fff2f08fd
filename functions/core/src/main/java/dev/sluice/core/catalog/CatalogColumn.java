package dev.sluice.core.catalog;

import java.util.Locale;

/** A column as the catalog holds it: its name and its Glue (Hive DDL) type, e.g. {@code decimal(19,4)}. */
public record CatalogColumn(String name, String type) {

    public CatalogColumn {
        if (name == null || name.isBlank() || type == null || type.isBlank()) {
            throw new IllegalArgumentException("a catalog column needs a name and a type, got " + name + " " + type);
        }
    }

    /** The type as Glue compares it: lower case, without spaces (Glue prints {@code decimal(19,4)}). */
    public String normalizedType() {
        return type.toLowerCase(Locale.ROOT).replace(" ", "");
    }

    /** The name as Glue stores it: lower case. */
    public String normalizedName() {
        return name.toLowerCase(Locale.ROOT);
    }
}
