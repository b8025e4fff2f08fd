package dev.sluice.core.types;

import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.config.Engine;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceTable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The type-fidelity report of one table, as {@code sluice plan} shows it: for every source column its source type,
 * Parquet, Glue and Redshift types, fidelity and status under config's policies; the entries that block the table,
 * each naming the config path that fixes it; and warnings (policies that are not needed or name no column).
 *
 * <p>A record of records, so Jackson serialises it as is; {@link #toText()} renders it for a terminal.
 *
 * @param table          {@code schema.table}
 * @param tableIndex     the table's index in config's {@code tables} list, used in config paths
 * @param mappingVersion {@link TypeMapping#MAPPING_VERSION} the report was made with
 * @param rows           one per source column, in ordinal order
 * @param mappings       the full mapping of each column, in the same order (lake columns, read and projection kinds)
 * @param blocking       what stops the table from running; empty when it can run
 * @param warnings       what config should tidy but does not stop the table
 */
public record TypeFidelityReport(
        Engine engine,
        String table,
        int tableIndex,
        int mappingVersion,
        List<Row> rows,
        List<ColumnMapping> mappings,
        List<Blocking> blocking,
        List<String> warnings) {

    public TypeFidelityReport {
        rows = List.copyOf(rows);
        mappings = List.copyOf(mappings);
        blocking = List.copyOf(blocking);
        warnings = List.copyOf(warnings);
    }

    /** One line of the report. {@code loss} is what changes under the mapping in effect; {@code reason} the status's. */
    public record Row(String column, String sourceType, String parquet, String glue, String redshift,
                      Fidelity fidelity, MappingStatus status, String loss, String note, String reason) {
    }

    /**
     * Something that stops the table from running.
     *
     * @param column     the source column
     * @param configPath where the fix goes, e.g. {@code tables[2].columns.notes.policy}
     * @param fix        the values that fix it, e.g. {@code acceptLossy | asString | exclude}
     * @param message    the whole message: table, column, what is wrong and the fix
     */
    public record Blocking(String column, String configPath, String fix, String message) {
    }

    /**
     * Maps every column of {@code table} with config's per-column {@code overrides} (keys are column names, matched
     * exactly first, then ignoring case). {@code tableIndex} is the table's position in config's {@code tables}.
     */
    public static TypeFidelityReport of(Engine engine, SourceTable table, Map<String, ColumnOverride> overrides,
                                        int tableIndex) {
        TypeMapping mapping = TypeMapping.of(engine);
        Map<String, ColumnOverride> given = overrides == null ? Map.of() : overrides;
        Set<String> usedKeys = new HashSet<>();
        List<Row> rows = new ArrayList<>();
        List<ColumnMapping> mappings = new ArrayList<>();
        List<Blocking> blocking = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String tableName = table.ref().toString();

        for (SourceColumn column : table.columns()) {
            String key = TypeMapping.overrideKey(given, column.name());
            ColumnOverride override = key == null ? null : given.get(key);
            if (key != null) {
                usedKeys.add(key);
            }
            ColumnMapping m = mapping.map(column, override);
            mappings.add(m);
            rows.add(new Row(column.name(), m.declaredType(), m.describeParquet(), m.describeGlue(),
                    m.describeRedshift(), m.fidelity(), m.status(), m.loss(), m.note(), m.statusReason()));
            String path = policyPath(tableIndex, key == null ? column.name() : key);
            if (m.blocking()) {
                String fix = fixFor(m);
                blocking.add(new Blocking(column.name(), path, fix, tableName + " column " + column.name() + " ("
                        + m.declaredType() + ") " + problem(m) + ". Fix: set " + path + ": " + fix));
            } else if (m.status() == MappingStatus.POLICY_NOT_NEEDED) {
                warnings.add(path + ": " + policyName(m.policy()) + " is not needed for " + tableName + " column "
                        + column.name() + " (" + m.declaredType() + " maps exactly); "
                        + (m.policy() == ColumnOverride.Policy.AS_STRING
                        ? "applied anyway: the column is carried as string" : "it has no effect"));
            }
        }
        for (String key : given.keySet()) {
            if (!usedKeys.contains(key)) {
                warnings.add("tables[" + tableIndex + "].columns." + key + ": " + tableName + " has no column "
                        + key + ", so this policy applies to nothing; remove it or correct the name");
            }
        }
        blocking.addAll(caseCollisions(tableName, tableIndex, mappings));
        blocking.addAll(overlongNames(tableName, tableIndex, mappings));
        return new TypeFidelityReport(engine, tableName, tableIndex, TypeMapping.MAPPING_VERSION, rows, mappings,
                blocking, warnings);
    }

    /** True when nothing blocks the table. */
    public boolean runnable() {
        return blocking.isEmpty();
    }

    /** The report as aligned text for a terminal: the table of columns, then notes, blocking entries, warnings. */
    public String toText() {
        String[] header = {"COLUMN", "SOURCE TYPE", "PARQUET", "GLUE", "REDSHIFT", "FIDELITY", "STATUS"};
        List<String[]> lines = new ArrayList<>();
        lines.add(header);
        for (Row r : rows) {
            lines.add(new String[]{r.column(), r.sourceType(), r.parquet(), r.glue(), r.redshift(),
                    r.fidelity().name(), r.status().label()});
        }
        int[] width = new int[header.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("Type fidelity of ").append(table).append(" (").append(engine.name().toLowerCase(Locale.ROOT))
                .append(", mapping v").append(mappingVersion).append("): ")
                .append(runnable() ? "runnable" : "BLOCKED").append('\n');
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder("  ");
            for (int i = 0; i < line.length; i++) {
                text.append(line[i]);
                if (i < line.length - 1) {
                    text.append(" ".repeat(width[i] - line[i].length() + 2));
                }
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        boolean notes = false;
        for (Row r : rows) {
            String detail = join(label("loss", r.loss()), label("note", r.note()), label("status", r.reason()));
            if (!detail.isEmpty()) {
                if (!notes) {
                    out.append("Notes:\n");
                    notes = true;
                }
                out.append("  ").append(r.column()).append(": ").append(detail).append('\n');
            }
        }
        if (!blocking.isEmpty()) {
            out.append("Blocking (").append(blocking.size()).append("): the table will not run until config "
                    + "changes\n");
            blocking.forEach(b -> out.append("  - ").append(b.message()).append('\n'));
        }
        if (!warnings.isEmpty()) {
            out.append("Warnings (").append(warnings.size()).append("):\n");
            warnings.forEach(w -> out.append("  - ").append(w).append('\n'));
        }
        return out.toString();
    }

    private static String label(String label, String text) {
        return text.isEmpty() ? "" : label + ": " + text;
    }

    private static String join(String... parts) {
        List<String> present = new ArrayList<>();
        for (String p : parts) {
            if (!p.isEmpty()) {
                present.add(p);
            }
        }
        return String.join(" | ", present);
    }

    private static String policyPath(int tableIndex, String column) {
        return "tables[" + tableIndex + "].columns." + column + ".policy";
    }

    private static String fixFor(ColumnMapping m) {
        if (m.lakeColumns().isEmpty() && m.fidelity() == Fidelity.UNSUPPORTED
                && m.source().name().toLowerCase(Locale.ROOT).startsWith(TypeMapping.RESERVED_PREFIX)) {
            return "exclude";
        }
        return m.fidelity() == Fidelity.LOSSY ? "acceptLossy | asString | exclude" : "asString | exclude";
    }

    private static String problem(ColumnMapping m) {
        if (m.status() == MappingStatus.POLICY_REJECTED) {
            return "has a policy that cannot apply: " + m.statusReason();
        }
        return (m.fidelity() == Fidelity.LOSSY ? "maps with loss: " : "has no mapping: ") + m.loss();
    }

    private static String policyName(ColumnOverride.Policy policy) {
        return switch (policy) {
            case ACCEPT_LOSSY -> "acceptLossy";
            case AS_STRING -> "asString";
            case EXCLUDE -> "exclude";
        };
    }

    /** Redshift identifiers are at most 127 bytes; a companion adds its prefix to the source name. */
    private static List<Blocking> overlongNames(String tableName, int tableIndex, List<ColumnMapping> mappings) {
        List<Blocking> out = new ArrayList<>();
        for (ColumnMapping m : mappings) {
            for (LakeColumn lake : m.lakeColumns()) {
                int bytes = lake.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                if (bytes > TypeMapping.REDSHIFT_MAX_IDENTIFIER_BYTES) {
                    String path = policyPath(tableIndex, m.source().name());
                    out.add(new Blocking(m.source().name(), path, "exclude",
                            tableName + " column " + m.source().name() + " becomes lake column " + lake.name()
                                    + ", " + bytes + " bytes long, beyond Redshift's 127-byte identifier limit. "
                                    + "Fix: set " + path + ": exclude (or rename the column at the source)"));
                }
            }
        }
        return out;
    }

    /**
     * Glue and Athena fold column names to lower case, so two lake columns whose names differ only in case (legal
     * in PostgreSQL and in case-sensitive SQL Server collations) would be one column there.
     */
    private static List<Blocking> caseCollisions(String tableName, int tableIndex, List<ColumnMapping> mappings) {
        Map<String, String> seen = new LinkedHashMap<>();
        Map<String, String> owner = new HashMap<>();
        List<Blocking> out = new ArrayList<>();
        for (ColumnMapping m : mappings) {
            for (LakeColumn lake : m.lakeColumns()) {
                String folded = lake.name().toLowerCase(Locale.ROOT);
                String earlier = seen.putIfAbsent(folded, lake.name());
                if (earlier != null) {
                    String path = policyPath(tableIndex, m.source().name());
                    out.add(new Blocking(m.source().name(), path, "exclude",
                            tableName + " column " + m.source().name() + " becomes lake column " + lake.name()
                                    + ", which Glue and Athena cannot tell apart from " + earlier + " (of column "
                                    + owner.get(folded) + "): they ignore case. Fix: set " + path
                                    + ": exclude (or rename one column at the source)"));
                } else {
                    owner.put(folded, m.source().name());
                }
            }
        }
        return out;
    }
}
