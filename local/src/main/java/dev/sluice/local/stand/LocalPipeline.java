package dev.sluice.local.stand;

import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.load.LoadDialect;
import dev.sluice.core.load.LoadSource;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.PipelineSettings;
import dev.sluice.core.pipeline.SourceConnections;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.validate.QueryDialect;
import dev.sluice.core.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

/**
 * Local mode's composition root: the {@link PipelineContext} the steps run with on one machine, built from an
 * environment's config and a working directory, with everything kept under {@code <working directory>/.sluice}:
 * <ul>
 *   <li>the lake: {@link LocalLake} (S3Proxy over {@code lake/}) through the real S3 adapter;</li>
 *   <li>the catalog and the validation queries: {@link DuckDbCatalog} and {@link DuckDbQueryEngine} on
 *       {@code catalog.duckdb} (one file, so queries see the catalog's views), database {@code sluice_<env>};</li>
 *   <li>the warehouse: {@link DuckDbWarehouse} on {@code warehouse.duckdb}, present when config has a
 *       {@code warehouse} section, as in AWS (without one the load step reports SKIPPED);</li>
 *   <li>notifications: {@link FileNotifier} on {@code notifications.jsonl};</li>
 *   <li>the settings: DuckDB dialects, workgroup {@value #WORKGROUP} (unused by DuckDB), a run's Parquet loaded
 *       from its partition's directory in the lake ({@link LoadSource.LocalParquet}), default chunk limit and
 *       lease.</li>
 * </ul>
 * Closing stops the proxy and closes the DuckDB files; the sources belong to the caller.
 */
public final class LocalPipeline implements AutoCloseable {

    /** The Athena workgroup name local settings carry; DuckDB has none. */
    public static final String WORKGROUP = "local";
    /** Local mode's state directory under the working directory. */
    public static final String STATE_DIRECTORY = ".sluice";

    private final Path stateDirectory;
    private final LocalLake lake;
    private final DuckDbCatalog catalog;
    private final DuckDbQueryEngine queries;
    private final Optional<DuckDbWarehouse> warehouse;
    private final FileNotifier notifier;
    private final PipelineContext context;
    private final Deque<AutoCloseable> resources;

    private LocalPipeline(Path stateDirectory, LocalLake lake, DuckDbCatalog catalog, DuckDbQueryEngine queries,
                          Optional<DuckDbWarehouse> warehouse, FileNotifier notifier, PipelineContext context,
                          Deque<AutoCloseable> resources) {
        this.stateDirectory = stateDirectory;
        this.lake = lake;
        this.catalog = catalog;
        this.queries = queries;
        this.warehouse = warehouse;
        this.notifier = notifier;
        this.context = context;
        this.resources = resources;
    }

    /**
     * The local pipeline over {@code workingDirectory/.sluice}, with sources from {@code sources}, on the system
     * UTC clock.
     */
    public static LocalPipeline open(SluiceConfig config, Path workingDirectory, SourceConnections sources) {
        return open(config, workingDirectory, sources, Clock.systemUTC());
    }

    /** As {@link #open(SluiceConfig, Path, SourceConnections)}, on {@code clock} (leases, crawls, notifications). */
    public static LocalPipeline open(SluiceConfig config, Path workingDirectory, SourceConnections sources,
                                     Clock clock) {
        return openIn(config, workingDirectory.toAbsolutePath().normalize().resolve(STATE_DIRECTORY), sources, clock);
    }

    /**
     * The local pipeline with its state in {@code stateDirectory} itself (a CLI command's
     * {@code CliEnvironment.stateDirectory()}); the caller keeps ownership of {@code sources}.
     */
    public static LocalPipeline openIn(SluiceConfig config, Path stateDirectory, SourceConnections sources,
                                       Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(clock, "clock");
        if (config.environment() == null || config.environment().name() == null) {
            throw new IllegalArgumentException("config has no environment.name: local mode names its catalog"
                    + " database sluice_<env> after it; set environment.name");
        }
        if (config.lake() == null) {
            throw new IllegalArgumentException("config has no lake section: local mode needs lake.bucket to name"
                    + " its local bucket; set lake.bucket");
        }
        Path state = stateDirectory.toAbsolutePath().normalize();
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            LocalLake lake = LocalLake.start(state.resolve("lake"), config.lake().bucket());
            resources.addFirst(lake);
            LakeLayout layout = new LakeLayout(config.lake());
            String database = LocalCatalogNames.databaseName(config.environment().name());

            DuckDbFile catalogFile = DuckDbFile.open(state.resolve("catalog.duckdb"));
            resources.addFirst(catalogFile);
            DuckDbCatalog catalog = new DuckDbCatalog(catalogFile, lake, database,
                    LocalCatalogNames.crawlTargets(config, layout), clock);
            DuckDbQueryEngine queries = new DuckDbQueryEngine(catalogFile);

            Optional<DuckDbWarehouse> warehouse = Optional.empty();
            if (config.warehouse() != null) {
                DuckDbFile warehouseFile = DuckDbFile.open(state.resolve("warehouse.duckdb"));
                resources.addFirst(warehouseFile);
                warehouse = Optional.of(new DuckDbWarehouse(warehouseFile));
            }
            FileNotifier notifier = new FileNotifier(state.resolve("notifications.jsonl"), clock);
            PipelineSettings settings = new PipelineSettings(database, WORKGROUP, QueryDialect.DUCKDB,
                    LoadDialect.DUCKDB, prefix -> new LoadSource.LocalParquet(lake.fileOf(prefix)),
                    PipelineSettings.DEFAULT_INLINE_CHUNK_LIMIT, PipelineSettings.DEFAULT_LEASE);
            PipelineContext context = new PipelineContext(config, lake.objectStore(), layout, sources, catalog,
                    queries, warehouse.map(w -> (Warehouse) w), notifier, clock, settings);
            return new LocalPipeline(state, lake, catalog, queries, warehouse, notifier, context, resources);
        } catch (RuntimeException e) {
            closeAll(resources, e);
            throw e;
        }
    }

    /** The ports and settings the steps take. */
    public PipelineContext context() {
        return context;
    }

    /** {@code <working directory>/.sluice}. */
    public Path stateDirectory() {
        return stateDirectory;
    }

    public LocalLake lake() {
        return lake;
    }

    public DuckDbCatalog catalog() {
        return catalog;
    }

    public DuckDbQueryEngine queries() {
        return queries;
    }

    /** The DuckDB warehouse, when config has a warehouse section. */
    public Optional<DuckDbWarehouse> warehouse() {
        return warehouse;
    }

    public FileNotifier notifier() {
        return notifier;
    }

    @Override
    public void close() {
        RuntimeException failure = closeAll(resources, null);
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes {@code resources} in order, all of them; the first failure (or {@code primary}) carries the others. */
    private static RuntimeException closeAll(Deque<AutoCloseable> resources, RuntimeException primary) {
        RuntimeException failure = primary;
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pollFirst();
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r
                            : new IllegalStateException("closing the local pipeline failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }
}
