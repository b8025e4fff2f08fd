package dev.sluice.local.stand;

import dev.sluice.core.catalog.Catalog;
import dev.sluice.core.catalog.CatalogColumn;
import dev.sluice.core.catalog.CatalogException;
import dev.sluice.core.catalog.CatalogPermanentException;
import dev.sluice.core.catalog.CatalogTransientException;
import dev.sluice.core.catalog.CrawlStatus;
import dev.sluice.core.catalog.CrawlTicket;
import dev.sluice.core.catalog.ExpectedTable;
import dev.sluice.core.catalog.SchemaCheck;
import dev.sluice.core.catalog.SchemaComparison;
import dev.sluice.core.query.FailureClass;
import dev.sluice.local.stand.LocalCatalogNames.CrawlTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Local mode's table catalog (the Glue Data Catalog's stand-in): the catalog database is a DuckDB schema, and a
 * table is a view over every run partition of the table's raw prefix in the lake,
 * {@code read_parquet('<prefix>/**}{@code /*.parquet', hive_partitioning = true)}, so {@code ingest_date} and
 * {@code run_id} are string columns as Athena sees them, and validation queries filter on {@code run_id} the same
 * way. A "crawl" (re)creates the view synchronously and is READY at once, or FAILED when the prefix holds no
 * Parquet or DuckDB cannot read it; crawlers are named as the CDK app names them ({@link LocalCatalogNames}).
 * Registering a partition records it and makes sure the view exists: the view's glob already sees every
 * partition. Views and registrations are kept in the database file; crawl outcomes in memory, and a crawl this
 * process does not know (started by an earlier process) is simply run again when checked.
 */
public final class DuckDbCatalog implements Catalog {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,255}");
    private static final String TABLES = DuckDbFile.BOOKKEEPING + ".catalog_tables";
    private static final String PARTITIONS = DuckDbFile.BOOKKEEPING + ".catalog_partitions";

    private final DuckDbFile database;
    private final LocalLake lake;
    private final String catalogDatabase;
    private final Map<String, CrawlTarget> crawlers;
    private final Clock clock;
    private final Map<String, Crawl> lastCrawls = new HashMap<>();

    /** A finished crawl: when it started and how it ended. */
    private record Crawl(Instant start, CrawlStatus status) {
    }

    /**
     * @param catalogDatabase the catalog database crawlers register their tables in
     * @param crawlers        every crawler by name, with the table it registers and the raw prefix it reads
     */
    public DuckDbCatalog(DuckDbFile database, LocalLake lake, String catalogDatabase,
                         Map<String, CrawlTarget> crawlers, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.lake = Objects.requireNonNull(lake, "lake");
        this.catalogDatabase = name("catalog database", catalogDatabase);
        this.crawlers = Map.copyOf(crawlers);
        this.clock = Objects.requireNonNull(clock, "clock");
        crawlers.values().forEach(t -> name("catalog table", t.table()));
        try {
            database.use(connection -> {
                try (Statement st = connection.createStatement()) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + TABLES + " (database_name VARCHAR NOT NULL,"
                            + " table_name VARCHAR NOT NULL, location VARCHAR NOT NULL, partition_keys VARCHAR NOT NULL,"
                            + " PRIMARY KEY (database_name, table_name))");
                    st.execute("CREATE TABLE IF NOT EXISTS " + PARTITIONS + " (database_name VARCHAR NOT NULL,"
                            + " table_name VARCHAR NOT NULL, partition_values VARCHAR NOT NULL,"
                            + " location VARCHAR NOT NULL, PRIMARY KEY (database_name, table_name, partition_values))");
                }
                return null;
            });
        } catch (SQLException e) {
            throw failure("prepare the catalog bookkeeping in " + database.file(), e);
        }
    }

    @Override
    public synchronized CrawlTicket startCrawl(String crawlerName) {
        CrawlTarget target = target(crawlerName);
        Crawl previous = lastCrawls.get(crawlerName);
        CrawlTicket ticket = new CrawlTicket(crawlerName, previous == null ? null : previous.start());
        crawl(crawlerName, target, previous);
        return ticket;
    }

    @Override
    public synchronized CrawlStatus checkCrawl(CrawlTicket ticket) {
        CrawlTarget target = target(ticket.crawlerName());
        Crawl last = lastCrawls.get(ticket.crawlerName());
        if (last == null || !ticket.isNewCrawl(last.start())) {
            // Started by another process (the local runner was restarted): crawl now, it is what was asked for.
            last = crawl(ticket.crawlerName(), target, last);
        }
        return last.status();
    }

    private Crawl crawl(String crawlerName, CrawlTarget target, Crawl previous) {
        Instant start = clock.instant();
        if (previous != null && !start.isAfter(previous.start())) {
            start = previous.start().plusNanos(1);
        }
        CrawlStatus status;
        try {
            createView(target.table(), target.rawTablePrefix());
            status = new CrawlStatus(CrawlStatus.State.READY, "crawler " + crawlerName + " registered "
                    + catalogDatabase + "." + target.table() + " over s3://" + lake.bucket() + "/"
                    + target.rawTablePrefix());
        } catch (CatalogException e) {
            status = new CrawlStatus(CrawlStatus.State.FAILED, "crawler " + crawlerName + " failed: "
                    + e.getMessage());
        }
        Crawl crawl = new Crawl(start, status);
        lastCrawls.put(crawlerName, crawl);
        return crawl;
    }

    @Override
    public SchemaCheck compareSchema(ExpectedTable expected) {
        try {
            return database.use(connection -> {
                List<CatalogColumn> all = new ArrayList<>();
                try (PreparedStatement query = connection.prepareStatement("SELECT column_name, data_type FROM"
                        + " information_schema.columns WHERE table_schema = ? AND table_name = ?"
                        + " ORDER BY ordinal_position")) {
                    query.setString(1, expected.database());
                    query.setString(2, expected.table());
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            all.add(new CatalogColumn(rows.getString(1), glueType(rows.getString(2))));
                        }
                    }
                }
                List<String> siblings = new ArrayList<>();
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
                    query.setString(1, expected.database());
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            String name = rows.getString(1);
                            if (name.toLowerCase(Locale.ROOT).startsWith(expected.table().toLowerCase(Locale.ROOT))) {
                                siblings.add(name);
                            }
                        }
                    }
                }
                if (all.isEmpty()) {
                    return SchemaComparison.compare(expected, null, List.of(), siblings);
                }
                List<String> keyNames = partitionKeys(connection, expected.database(), expected.table());
                List<CatalogColumn> columns = new ArrayList<>();
                List<CatalogColumn> keys = new ArrayList<>();
                for (String key : keyNames) {
                    all.stream().filter(c -> c.name().equals(key)).findFirst().ifPresent(keys::add);
                }
                for (CatalogColumn column : all) {
                    if (!keyNames.contains(column.name())) {
                        columns.add(column);
                    }
                }
                return SchemaComparison.compare(expected, columns, keys, siblings);
            });
        } catch (SQLException e) {
            throw failure("read table " + expected.database() + "." + expected.table(), e);
        }
    }

    @Override
    public void registerPartition(String database, String table, List<String> values, String location,
                                  List<CatalogColumn> columns) {
        if (!database.equals(catalogDatabase)) {
            throw new CatalogPermanentException("partition " + values + " of " + database + "." + table + " names"
                    + " database " + database + ", but the local catalog is " + catalogDatabase + ": use the"
                    + " pipeline's catalog database", null);
        }
        name("catalog table", table);
        String key = lake.keyOf(location);
        List<String> segments = Arrays.stream(key.split("/")).filter(s -> !s.isEmpty()).toList();
        if (!key.endsWith("/") || segments.size() <= values.size()) {
            throw new CatalogPermanentException("partition location " + location + " of " + database + "." + table
                    + " is not a partition prefix (.../ingest_date=.../run_id=.../)", null);
        }
        List<String> partitionSegments = segments.subList(segments.size() - values.size(), segments.size());
        for (int i = 0; i < values.size(); i++) {
            String segment = partitionSegments.get(i);
            int eq = segment.indexOf('=');
            if (eq < 0 || !segment.substring(eq + 1).equals(values.get(i))) {
                throw new CatalogPermanentException("partition values " + values + " of " + database + "." + table
                        + " do not match its location " + location + ": a Sluice bug; report it with the run id",
                        null);
            }
        }
        Path directory = lake.fileOf(key);
        if (parquetUnder(directory).isEmpty()) {
            throw new CatalogPermanentException("partition " + values + " of " + database + "." + table + " at "
                    + location + " holds no Parquet file (" + directory + "): the run's chunks were not extracted"
                    + " into the local lake; rerun the run", null);
        }
        String tablePrefix = String.join("/", segments.subList(0, segments.size() - values.size())) + "/";
        createView(table, tablePrefix);
        try {
            this.database.use(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + PARTITIONS
                        + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    insert.setString(1, database);
                    insert.setString(2, table);
                    insert.setString(3, String.join("/", values));
                    insert.setString(4, location);
                    insert.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw failure("register partition " + values + " of " + database + "." + table, e);
        }
    }

    /** The partitions registered directly for a table, as {@code value/value} texts, in registration order. */
    public List<String> registeredPartitions(String database, String table) {
        try {
            return this.database.use(connection -> {
                List<String> partitions = new ArrayList<>();
                try (PreparedStatement query = connection.prepareStatement("SELECT partition_values FROM "
                        + PARTITIONS + " WHERE database_name = ? AND table_name = ? ORDER BY partition_values")) {
                    query.setString(1, database);
                    query.setString(2, table);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            partitions.add(rows.getString(1));
                        }
                    }
                }
                return partitions;
            });
        } catch (SQLException e) {
            throw failure("read the partitions of " + database + "." + table, e);
        }
    }

    /** (Re)creates the view of {@code table} over every Parquet file under the raw prefix {@code tablePrefix}. */
    private void createView(String table, String tablePrefix) {
        Path directory = lake.fileOf(tablePrefix);
        Optional<Path> first = parquetUnder(directory);
        String where = "s3://" + lake.bucket() + "/" + tablePrefix;
        if (first.isEmpty()) {
            throw new CatalogPermanentException("no Parquet file under " + where + " (" + directory + "): no run of"
                    + " the table was extracted into the local lake yet; run the extract steps first", null);
        }
        List<String> keys = new ArrayList<>();
        for (Path part : directory.relativize(first.get().getParent())) {
            String segment = part.toString();
            if (segment.indexOf('=') > 0) {
                keys.add(segment.substring(0, segment.indexOf('=')));
            }
        }
        String glob = directory.toString().replace('\\', '/') + "/**/*.parquet";
        String view = DuckDbFile.identifier(catalogDatabase) + "." + DuckDbFile.identifier(table);
        try {
            database.use(connection -> {
                try (Statement st = connection.createStatement()) {
                    st.execute("CREATE SCHEMA IF NOT EXISTS " + DuckDbFile.identifier(catalogDatabase));
                    // Partition values stay strings (Glue's partition keys are string): no type guessing.
                    st.execute("CREATE OR REPLACE VIEW " + view + " AS SELECT * FROM read_parquet("
                            + DuckDbFile.literal(glob) + ", hive_partitioning = true, hive_types_autocast = false,"
                            + " union_by_name = true)");
                }
                try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO " + TABLES
                        + " VALUES (?, ?, ?, ?)")) {
                    upsert.setString(1, catalogDatabase);
                    upsert.setString(2, table);
                    upsert.setString(3, where);
                    upsert.setString(4, String.join(",", keys));
                    upsert.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw failure("create the view " + catalogDatabase + "." + table + " over " + where, e);
        }
    }

    private static List<String> partitionKeys(Connection connection, String database, String table)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT partition_keys FROM " + TABLES
                + " WHERE database_name = ? AND table_name = ?")) {
            query.setString(1, database);
            query.setString(2, table);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next() || rows.getString(1).isEmpty()) {
                    return List.of();
                }
                return List.of(rows.getString(1).split(","));
            }
        }
    }

    private static Optional<Path> parquetUnder(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p))
                    .sorted().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /**
     * The Glue (Hive DDL) type a Glue crawler gives a Parquet column that DuckDB reads as {@code duckType}: the
     * names {@link ExpectedTable} holds from the type mapping ({@code bigint}, {@code int}, {@code decimal(19,4)},
     * {@code string}, {@code timestamp}, ...). Parquet TIME columns are {@code bigint} to Glue.
     */
    static String glueType(String duckType) {
        String type = duckType.toUpperCase(Locale.ROOT).strip();
        if (type.startsWith("DECIMAL")) {
            return type.toLowerCase(Locale.ROOT).replace(" ", "");
        }
        if (type.startsWith("TIMESTAMP")) {
            return "timestamp";
        }
        if (type.startsWith("TIME")) {
            return "bigint";
        }
        if (type.startsWith("VARCHAR") || type.equals("JSON") || type.equals("UUID")) {
            return "string";
        }
        return switch (type) {
            case "BIGINT", "UINTEGER" -> "bigint";
            case "INTEGER", "USMALLINT" -> "int";
            case "SMALLINT", "UTINYINT" -> "smallint";
            case "TINYINT" -> "tinyint";
            case "UBIGINT" -> "decimal(20,0)";
            case "BOOLEAN" -> "boolean";
            case "FLOAT" -> "float";
            case "DOUBLE" -> "double";
            case "DATE" -> "date";
            case "BLOB" -> "binary";
            default -> type.toLowerCase(Locale.ROOT);
        };
    }

    private CrawlTarget target(String crawlerName) {
        CrawlTarget target = crawlers.get(crawlerName);
        if (target == null) {
            throw new CatalogPermanentException("crawler " + crawlerName + " does not exist in the local catalog:"
                    + " crawlers are named sluice-<env>-<source>-<schema>-<table> after the tables in config;"
                    + " known: " + crawlers.keySet().stream().sorted().toList(), null);
        }
        return target;
    }

    private static String name(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new CatalogPermanentException(what + " name '" + name + "' is not a catalog name (lower case"
                    + " letters, digits and '_')", null);
        }
        return name;
    }

    private CatalogException failure(String action, SQLException e) {
        String message = DuckDbErrors.message(e);
        String text = "the local catalog could not " + action + " (" + database.file() + "): " + message;
        return DuckDbErrors.classify(message) == FailureClass.TRANSIENT
                ? new CatalogTransientException(text + "; retrying can help", e)
                : new CatalogPermanentException(text + "; check the Parquet files of the table in the local lake",
                        e);
    }
}
