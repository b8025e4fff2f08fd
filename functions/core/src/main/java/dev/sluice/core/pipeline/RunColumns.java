package dev.sluice.core.pipeline;

import dev.sluice.core.catalog.CatalogColumn;
import dev.sluice.core.catalog.ExpectedTable;
import dev.sluice.core.failure.SchemaDriftFailure;
import dev.sluice.core.failure.SourceFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.SourceException;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.SqlDialect;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.LakeColumn;
import dev.sluice.core.types.SchemaFingerprint;
import dev.sluice.core.types.TypeMapping;
import dev.sluice.core.validate.ValidatedColumn;
import dev.sluice.core.config.WatermarkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The columns a sealed run was written with: the table described at the source now and mapped by the type mapping
 * with the table's column overrides, restricted to the columns its chunks carried (a nullable column added since
 * the plan under {@code evolve} is carried only from the next run), and proven to be the run's columns by the
 * schema fingerprint every chunk was written with. A source that changed a carried column since the run was
 * extracted gives another fingerprint: a {@link SchemaDriftFailure}, because the run's columns can no longer be
 * reproduced.
 *
 * @param described  the source table as described now
 * @param mappings   the carried column mappings, in ordinal order
 * @param keyColumns the primary key the run is validated and loaded by (config, else the source's own)
 */
public record RunColumns(SourceTable described, List<ColumnMapping> mappings, List<String> keyColumns) {

    /** The {@code _sluice_*} data columns of every chunk file with their Glue types, in file order. */
    public static List<CatalogColumn> sluiceCatalogColumns(boolean changeTracking) {
        List<CatalogColumn> columns = new ArrayList<>(List.of(ExpectedTable.ROW_HASH,
                new CatalogColumn("_sluice_run_id", "string"), new CatalogColumn("_sluice_chunk_id", "string"),
                new CatalogColumn("_sluice_extracted_at", "timestamp")));
        if (changeTracking) {
            columns.add(new CatalogColumn("_sluice_op", "string"));
        }
        return List.copyOf(columns);
    }

    public RunColumns {
        mappings = List.copyOf(mappings);
        keyColumns = List.copyOf(keyColumns);
    }

    /** Describes and maps the run's table; see the type's documentation. */
    static RunColumns of(PipelineContext context, SealedRun run, StepSeams.SourceDescriber describer) {
        SourceTable described;
        try {
            described = describer.describe(context, run);
        } catch (SourceException e) {
            String message = run.where() + ": describing the source table failed: " + e.getMessage();
            throw e.transientFailure() ? new TransientFailure(message, e) : new SourceFailure(message, e);
        }
        List<ColumnMapping> all = TypeMapping.of(run.source().engine()).map(described, run.config().columns());
        Set<String> carried = run.chunks().isEmpty() ? null : run.chunks().getFirst().nullCounts().keySet();
        List<ColumnMapping> mappings = all.stream()
                .filter(m -> !m.lakeColumns().isEmpty())
                .filter(m -> carried == null || m.lakeColumns().stream().allMatch(l -> carried.contains(l.name())))
                .toList();
        String fingerprint = SchemaFingerprint.of(mappings);
        if (!fingerprint.equals(run.manifest().schemaFingerprint())) {
            throw new SchemaDriftFailure(run.where() + " was written with schema fingerprint "
                    + run.manifest().schemaFingerprint() + " but table " + run.table() + " now maps to " + fingerprint
                    + " (columns " + mappings.stream().map(m -> m.source().name() + " " + m.declaredType()).toList()
                    + "): a column the run carried changed its type, nullability or policy since extraction. Approve"
                    + " the change in config (columns/schemaPolicy), redeploy and start a new execution for the"
                    + " window");
        }
        return new RunColumns(described, mappings, run.config().effectivePrimaryKey(described));
    }

    /** The run's source as a {@link JdbcSource}. */
    static JdbcSource source(PipelineContext context, SealedRun run) {
        return new JdbcSource(run.source(), SqlDialect.of(run.source().engine()),
                context.sources().of(run.source()));
    }

    /** Every lake column the run wrote, in file order (values and companions; not the {@code _sluice_*} ones). */
    public List<LakeColumn> lakeColumns() {
        return mappings.stream().flatMap(m -> m.lakeColumns().stream()).toList();
    }

    /** The lake columns as validation measures them. */
    public List<ValidatedColumn> validatedColumns() {
        return lakeColumns().stream().map(ValidatedColumn::of).toList();
    }

    /** Whether the table is read through SQL Server change tracking (its files carry {@code _sluice_op}). */
    static boolean changeTracking(SealedRun run) {
        return run.config().watermark() != null
                && run.config().watermark().type() == WatermarkConfig.Type.CHANGE_TRACKING;
    }

    /** The catalog table the run's files should produce. */
    public ExpectedTable expectedTable(PipelineContext context, SealedRun run) {
        return ExpectedTable.fromMappings(context.settings().catalogDatabase(),
                CatalogNames.catalogTableName(run.config()), mappings, sluiceCatalogColumns(changeTracking(run)));
    }
}
