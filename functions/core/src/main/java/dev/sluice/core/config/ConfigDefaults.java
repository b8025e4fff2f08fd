package dev.sluice.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.source.TableRef;

/**
 * The defaults of a migration config, applied to the parsed YAML tree before it is bound to the records, so a key
 * that is absent or left empty gets its default while a key that is present (even as {@code 0}) is kept and
 * validated. Nodes of
 * the wrong shape are left alone: binding reports them with their path.
 *
 * <ul>
 *   <li>source: {@code readBudget: 4}, {@code queryTimeout: 10m}, {@code isolation: snapshot} (sqlserver) or
 *       {@code readCommitted} (postgresql), {@code tls: verify}, {@code fetchSize: 10000}</li>
 *   <li>lake: {@code rawPrefix: raw/}, {@code statePrefix: _sluice/}, {@code codec: zstd}</li>
 *   <li>warehouse: {@code ledgerSchema: sluice}</li>
 *   <li>table: {@code chunk} = {@link ChunkBounds#DEFAULT} (per key), {@code validation} =
 *       {@link ValidationOptions#DEFAULT} (per key), {@code schemaPolicy: evolve}, {@code catalog: crawler};
 *       timestamp watermarks {@code lookback: 5m}, {@code safetyLag: 30s}; schedule {@code timeZone: UTC};
 *       target schema and table = the source's; target mode {@code replace} for a {@code full} watermark, else
 *       {@code merge} when a primary key is configured, else {@code append}</li>
 * </ul>
 */
final class ConfigDefaults {

    static final int READ_BUDGET = 4;
    static final String QUERY_TIMEOUT = "10m";
    static final String TLS = "verify";
    static final int FETCH_SIZE = 10_000;
    static final String RAW_PREFIX = "raw/";
    static final String STATE_PREFIX = "_sluice/";
    static final String CODEC = "zstd";
    static final String LEDGER_SCHEMA = "sluice";
    static final String SCHEMA_POLICY = "evolve";
    static final String CATALOG = "crawler";
    static final String LOOKBACK = "5m";
    static final String SAFETY_LAG = "30s";
    static final String TIME_ZONE = "UTC";

    private ConfigDefaults() {
    }

    static void apply(JsonNode root) {
        if (!(root instanceof ObjectNode config)) {
            return;
        }
        if (config.get("sources") instanceof ArrayNode sources) {
            sources.forEach(ConfigDefaults::source);
        }
        if (config.get("lake") instanceof ObjectNode lake) {
            putText(lake, "rawPrefix", RAW_PREFIX);
            putText(lake, "statePrefix", STATE_PREFIX);
            putText(lake, "codec", CODEC);
        }
        if (config.get("warehouse") instanceof ObjectNode warehouse) {
            putText(warehouse, "ledgerSchema", LEDGER_SCHEMA);
        }
        if (config.get("tables") instanceof ArrayNode tables) {
            tables.forEach(ConfigDefaults::table);
        }
    }

    private static void source(JsonNode node) {
        if (!(node instanceof ObjectNode source)) {
            return;
        }
        if (!source.hasNonNull("readBudget")) {
            source.put("readBudget", READ_BUDGET);
        }
        putText(source, "queryTimeout", QUERY_TIMEOUT);
        String engine = source.path("engine").asText("");
        if ("sqlserver".equals(engine)) {
            putText(source, "isolation", "snapshot");
        } else if ("postgresql".equals(engine)) {
            putText(source, "isolation", "readCommitted");
        }
        putText(source, "tls", TLS);
        if (!source.hasNonNull("fetchSize")) {
            source.put("fetchSize", FETCH_SIZE);
        }
    }

    private static void table(JsonNode node) {
        if (!(node instanceof ObjectNode table)) {
            return;
        }
        if (!table.hasNonNull("chunk")) {
            table.putObject("chunk");
        }
        if (table.get("chunk") instanceof ObjectNode chunk) {
            if (!chunk.hasNonNull("maxRows")) {
                chunk.put("maxRows", ChunkBounds.DEFAULT.maxRows());
            }
            if (!chunk.hasNonNull("maxBytes")) {
                chunk.put("maxBytes", ChunkBounds.DEFAULT.maxBytes());
            }
        }
        if (!table.hasNonNull("validation")) {
            table.putObject("validation");
        }
        if (table.get("validation") instanceof ObjectNode validation) {
            if (!validation.hasNonNull("sampleSize")) {
                validation.put("sampleSize", ValidationOptions.DEFAULT.sampleSize());
            }
            if (!validation.hasNonNull("floatSumTolerance")) {
                validation.put("floatSumTolerance", ValidationOptions.DEFAULT.floatSumTolerance());
            }
        }
        putText(table, "schemaPolicy", SCHEMA_POLICY);
        putText(table, "catalog", CATALOG);

        String watermarkType = "";
        if (table.get("watermark") instanceof ObjectNode watermark) {
            watermarkType = watermark.path("type").asText("");
            if ("timestamp".equals(watermarkType)) {
                putText(watermark, "lookback", LOOKBACK);
                putText(watermark, "safetyLag", SAFETY_LAG);
            }
        }
        if (table.get("schedule") instanceof ObjectNode schedule) {
            putText(schedule, "timeZone", TIME_ZONE);
        }

        if (!table.hasNonNull("target")) {
            table.putObject("target");
        }
        if (table.get("target") instanceof ObjectNode target) {
            JsonNode qualified = table.get("table");
            if (qualified != null && qualified.isTextual()) {
                try {
                    TableRef ref = TableRef.parse(qualified.asText());
                    putText(target, "schema", ref.schema());
                    putText(target, "table", ref.table());
                } catch (IllegalArgumentException e) {
                    // the validator reports the table name; without it there is nothing to default from
                }
            }
            if (!target.hasNonNull("mode")) {
                boolean keyed = table.get("primaryKey") instanceof ArrayNode key && !key.isEmpty();
                target.put("mode", "full".equals(watermarkType) ? "replace" : keyed ? "merge" : "append");
            }
        }
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (!node.hasNonNull(field)) {
            node.put(field, value);
        }
    }
}
