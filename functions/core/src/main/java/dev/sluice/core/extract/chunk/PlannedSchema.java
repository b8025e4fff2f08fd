package dev.sluice.core.extract.chunk;

import dev.sluice.core.state.ColumnDescriptor;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.SchemaFingerprint;
import java.util.List;

/**
 * The table schema a run was planned with: the fingerprint its chunk ids derive from and the columns (as schema
 * drift compares them) the chunks must be extracted with. Extraction re-describes the table and checks it against
 * this, so a column altered between the Plan step and a chunk's extraction cannot slip into the lake.
 *
 * @param fingerprint the plan's schema fingerprint
 * @param columns     every source column at planning, name, declared type and nullability
 */
public record PlannedSchema(String fingerprint, List<ColumnDescriptor> columns) {

    public PlannedSchema {
        if (fingerprint == null || fingerprint.isBlank()) {
            throw new IllegalArgumentException("a planned schema needs the plan's schema fingerprint");
        }
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a planned schema needs the columns described at planning");
        }
    }

    /**
     * The schema of {@code mappings} (every source column, in ordinal order) as described now, with its
     * {@linkplain SchemaFingerprint fingerprint}: the plan's chunk ids and this schema's fingerprint agree when
     * both come from the same mappings.
     */
    public static PlannedSchema of(List<ColumnMapping> mappings) {
        return new PlannedSchema(fingerprint(mappings), descriptors(mappings));
    }

    /** The columns as schema drift compares them: source name, declared type, nullability. */
    public static List<ColumnDescriptor> descriptors(List<ColumnMapping> mappings) {
        return mappings.stream()
                .map(m -> new ColumnDescriptor(m.source().name(), m.declaredType(), m.source().nullable()))
                .toList();
    }

    /** The table's schema fingerprint: {@link SchemaFingerprint#of(List)}, the same definition the Plan uses. */
    public static String fingerprint(List<ColumnMapping> mappings) {
        return SchemaFingerprint.of(mappings);
    }
}
