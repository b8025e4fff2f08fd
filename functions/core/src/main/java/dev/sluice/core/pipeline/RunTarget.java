package dev.sluice.core.pipeline;

import dev.sluice.core.config.ConfigProblem;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.source.TableRef;
import java.util.Objects;

/**
 * The configured source and table a run is of, resolved from the request's (or run's) names against the config:
 * a name the config does not have is a {@link ConfigurationFailure} naming the config path and the fix.
 *
 * @param source the source's config
 * @param table  the table's config
 * @param ref    the validated {@code schema.table}
 */
record RunTarget(SourceConfig source, TableConfig table, TableRef ref) {

    RunTarget {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(ref, "ref");
    }

    /** The source and table named {@code sourceName} and {@code tableName} in {@code config}. */
    static RunTarget resolve(SluiceConfig config, String sourceName, String tableName) {
        String file = config.environment() == null || config.environment().name() == null ? "the config"
                : "config/" + config.environment().name() + ".yaml";
        SourceConfig source = config.source(sourceName).orElseThrow(() -> new ConfigurationFailure(new ConfigProblem(
                file, "sources", "no source is named '" + sourceName + "' (configured: "
                + config.sources().stream().map(SourceConfig::name).toList() + ")",
                "add the source under sources: and redeploy, or correct \"source\" in the execution input "
                        + "(events/)", ConfigProblem.Severity.ERROR).describe()));
        TableConfig table = config.tables().stream()
                .filter(t -> t.table().equals(tableName) && Objects.equals(t.source(), sourceName))
                .findFirst()
                .orElseThrow(() -> new ConfigurationFailure(new ConfigProblem(file, "tables", "no table '"
                        + tableName + "' of source '" + sourceName + "' is configured (tables of that source: "
                        + config.tables().stream().filter(t -> sourceName.equals(t.source()))
                        .map(TableConfig::table).toList() + ")",
                        "add it under tables: with source: " + sourceName + " and redeploy, or correct \"table\" in"
                                + " the execution input (events/)", ConfigProblem.Severity.ERROR).describe()));
        TableRef ref;
        try {
            ref = TableRef.parse(table.table());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationFailure(new ConfigProblem(file, "tables[" + tableName + "].table", e.getMessage(),
                    "write the table as schema.table", ConfigProblem.Severity.ERROR).describe(), e);
        }
        return new RunTarget(source, table, ref);
    }

    /** The target of {@code run}. */
    static RunTarget of(SluiceConfig config, RunRef run) {
        return resolve(config, run.source(), run.table());
    }

    /** {@code source.schema.table}, for messages. */
    String name() {
        return source.name() + "." + ref;
    }
}
