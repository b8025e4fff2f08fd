package dev.sluice.core.extract.chunk;

import dev.sluice.core.state.ColumnDescriptor;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.TypeMapping;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

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

    /** The schema of {@code mappings} as described now, with its fingerprint. */
    public static PlannedSchema of(List<ColumnMapping> mappings) {
        return new PlannedSchema(fingerprint(mappings), descriptors(mappings));
    }

    /** The columns as schema drift compares them: source name, declared type, nullability. */
    public static List<ColumnDescriptor> descriptors(List<ColumnMapping> mappings) {
        return mappings.stream()
                .map(m -> new ColumnDescriptor(m.source().name(), m.declaredType(), m.source().nullable()))
                .toList();
    }

    /**
     * SHA-256 (first 16 hex digits) over the type mapping version and, per column in order, its name, declared type,
     * nullability, policy and the lake columns it becomes: any change that alters what a chunk writes changes it.
     */
    public static String fingerprint(List<ColumnMapping> mappings) {
        StringBuilder text = new StringBuilder("mapping-v").append(TypeMapping.MAPPING_VERSION).append('\n');
        for (ColumnMapping m : mappings) {
            text.append(m.source().name()).append('\t').append(m.declaredType()).append('\t')
                    .append(m.source().nullable()).append('\t').append(Objects.toString(m.policy(), "-"))
                    .append('\t').append(m.describeParquet()).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
