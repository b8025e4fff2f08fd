package dev.sluice.core.pipeline;

import dev.sluice.core.catalog.Catalog;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.query.QueryEngine;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.warehouse.Warehouse;
import java.time.Clock;
import java.util.Objects;

/**
 * Everything a pipeline step needs, as ports: built once per Lambda container from AWS adapters
 * ({@code dev.sluice.lambda}) or once per local run from the stand-ins ({@code dev.sluice.local}). Steps take it in
 * their constructor; nothing in it holds per-run state.
 *
 * @param config   the environment's validated config
 * @param lake     the lake bucket
 * @param layout   the lake's key layout
 * @param sources  connections to the configured sources
 * @param catalog  the table catalog (Glue; DuckDB views)
 * @param queries  the validation query engine (Athena; DuckDB)
 * @param warehouse the load target (Redshift Data API; a DuckDB file), absent when config has no warehouse
 * @param notifier where run outcomes go (SNS; a JSON-lines file)
 * @param clock    the wall clock (leases, notification times); never the source's clock
 * @param settings what differs between worlds
 */
public record PipelineContext(SluiceConfig config, ObjectStore lake, LakeLayout layout, SourceConnections sources,
                              Catalog catalog, QueryEngine queries, java.util.Optional<Warehouse> warehouse,
                              Notifier notifier, Clock clock, PipelineSettings settings) {

    public PipelineContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(warehouse, "warehouse");
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
    }
}
