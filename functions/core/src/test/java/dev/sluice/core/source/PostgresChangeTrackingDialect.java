package dev.sluice.core.source;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.WatermarkConfig;
import java.util.List;
import java.util.Optional;

/**
 * A test dialect: PostgreSQL in every respect (catalog, keyset reads, type mapping by engine) except that it has
 * SQL Server change tracking, emulated by a {@link ChangeTableStandIn}. Its change tracking read is
 * {@link ChangeTrackingSql}, the statement SQL Server gets, with the stand-in in place of {@code CHANGETABLE} and
 * PostgreSQL's quoting; its change tracking readings are the stand-in's state. With it, the whole extraction of a
 * change tracking table (plan, ExtractChunk, Parquet, manifest, validation measures, load) runs on embedded
 * PostgreSQL. It proves the result set's shape and Sluice's handling of it, not SQL Server's own behaviour.
 */
public final class PostgresChangeTrackingDialect implements SqlDialect {

    private final PostgresDialect postgres = new PostgresDialect();
    private final ChangeTableStandIn changes;

    public PostgresChangeTrackingDialect(ChangeTableStandIn changes) {
        this.changes = changes;
    }

    @Override
    public Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    public String quote(String identifier) {
        return postgres.quote(identifier);
    }

    @Override
    public BoundSql columns(TableRef table) {
        return postgres.columns(table);
    }

    @Override
    public BoundSql primaryKey(TableRef table) {
        return postgres.primaryKey(table);
    }

    @Override
    public BoundSql indexes(TableRef table) {
        return postgres.indexes(table);
    }

    @Override
    public BoundSql sizeEstimate(TableRef table) {
        return postgres.sizeEstimate(table);
    }

    @Override
    public BoundSql rangeRead(TableRef table, List<Projection> select, KeyRange range, boolean readUncommitted) {
        return postgres.rangeRead(table, select, range, readUncommitted);
    }

    @Override
    public BoundSql rangeCount(TableRef table, KeyRange range) {
        return postgres.rangeCount(table, range);
    }

    @Override
    public BoundSql sample(TableRef table, List<String> columns, KeyRange within, double percent, long seed,
                           boolean pageSampling) {
        return postgres.sample(table, columns, within, percent, seed, pageSampling);
    }

    @Override
    public Optional<BoundSql> histogram(TableRef table, SourceColumn column) {
        return postgres.histogram(table, column);
    }

    @Override
    public Optional<BoundSql> activityPermission() {
        return postgres.activityPermission();
    }

    /** Change tracking readings from the stand-in's state; the others as PostgreSQL reads them. */
    @Override
    public BoundSql readings(TableRef table, WatermarkConfig.Type type, SourceColumn column, boolean includeActivity) {
        return type == WatermarkConfig.Type.CHANGE_TRACKING ? BoundSql.of(changes.readings("clock_timestamp()"))
                : postgres.readings(table, type, column, includeActivity);
    }

    @Override
    public BoundSql changeTrackingRead(TableRef table, List<String> primaryKey, List<String> columns,
                                       List<Projection> select, long lastVersion, long capturedVersion) {
        return ChangeTrackingSql.read(this, table, changes.changeTable(), primaryKey, columns, select, lastVersion,
                capturedVersion);
    }

    @Override
    public String isolationStatement(IsolationLevel isolation) {
        return postgres.isolationStatement(isolation);
    }
}
