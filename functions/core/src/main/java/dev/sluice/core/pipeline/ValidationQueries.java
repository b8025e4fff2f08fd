package dev.sluice.core.pipeline;

import dev.sluice.core.config.ValidationOptions;
import dev.sluice.core.validate.RunRelation;
import dev.sluice.core.validate.ValidationSql;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validation queries of one run by name, as StartValidation starts them and CheckValidation reads them:
 * {@value #MEASURES} (per chunk measures), {@value #DUPLICATES} (keys present more than once) and {@value #SAMPLE}
 * (the rows of the source sample), the last two only for a table with a key.
 */
final class ValidationQueries {

    static final String MEASURES = "chunk-measures";
    static final String DUPLICATES = "duplicate-keys";
    static final String SAMPLE = "source-sample";
    /** At most this many duplicated keys are listed. */
    static final int DUPLICATE_LIMIT = 50;

    private ValidationQueries() {
    }

    static ValidationOptions options(SealedRun run) {
        return run.config().validation() == null ? ValidationOptions.DEFAULT : run.config().validation();
    }

    static RunRelation relation(PipelineContext context, SealedRun run) {
        return new RunRelation(context.settings().catalogDatabase(), CatalogNames.catalogTableName(run.config()),
                run.run().runId());
    }

    /** The SQL of each query, by name, in start order. */
    static Map<String, String> of(PipelineContext context, SealedRun run, RunColumns columns) {
        RunRelation relation = relation(context, run);
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put(MEASURES, ValidationSql.chunkMeasures(context.settings().queryDialect(), relation,
                columns.rangeColumns(), columns.keyColumns(), columns.validatedColumns()));
        if (!columns.keyColumns().isEmpty()) {
            sql.put(DUPLICATES, ValidationSql.duplicateKeys(relation, columns.keyColumns(), DUPLICATE_LIMIT));
            int sampleSize = options(run).sampleSize();
            if (sampleSize > 0) {
                sql.put(SAMPLE, ValidationSql.sampleRows(context.settings().queryDialect(), relation,
                        columns.keyColumns(), SourceSample.seed(run.run().runId()), sampleSize,
                        RunColumns.changeTracking(run)));
            }
        }
        return sql;
    }
}
