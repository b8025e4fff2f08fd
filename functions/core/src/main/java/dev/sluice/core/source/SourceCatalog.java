package dev.sluice.core.source;

/** Port: describes a source table from the catalog's system views, without scanning it. */
public interface SourceCatalog {

    /**
     * @throws SourceException naming the table when it does not exist or is not visible to the login
     */
    SourceTable describe(TableRef table);
}
