package dev.sluice.core.types;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The schema fingerprint of a table: the one definition chunk ids derive from (with table and bounds) and that
 * extraction compares against the plan's, so the Plan step and ExtractChunk agree by construction.
 *
 * <p>It is the lower-case hex SHA-256 of the UTF-8 {@linkplain #canonical(List) canonical text} of the column
 * mappings, which covers exactly what a chunk reads and writes:
 * <pre>
 * sluice-schema-fingerprint
 * mapping-v&lt;TypeMapping.MAPPING_VERSION&gt;
 * column &lt;name&gt; read=&lt;JdbcReadKind&gt; projection=&lt;ProjectionKind&gt;     one per carried source column, in order
 * lake &lt;name&gt; &lt;Parquet physical[(length)] [logical]&gt; glue=&lt;type&gt; redshift=&lt;type&gt; nullable|required
 *                                                     one per lake column of that source column, value first
 * </pre>
 * Every name and type is written as {@code <length>:<text>} so no column name can forge a field boundary. Lines end
 * with {@code \n}.
 *
 * <p>So a changed source type, a renamed column, a change of nullability, a new mapping version, or a policy that
 * changes what is read or written (e.g. {@code acceptLossy} to {@code asString}) each give a new fingerprint. A
 * column excluded by policy carries nothing and does not count; neither does a policy that changes nothing (e.g.
 * {@code acceptLossy} on an exactly mapped column).
 */
public final class SchemaFingerprint {

    private static final String HEADER = "sluice-schema-fingerprint";

    private SchemaFingerprint() {
    }

    /** The fingerprint of a table whose columns map as {@code mappings} (every source column, in ordinal order). */
    public static String of(List<ColumnMapping> mappings) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical(mappings)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The text {@link #of(List)} hashes, as documented on this class. */
    public static String canonical(List<ColumnMapping> mappings) {
        Objects.requireNonNull(mappings, "mappings");
        StringBuilder text = new StringBuilder(HEADER).append('\n')
                .append("mapping-v").append(TypeMapping.MAPPING_VERSION).append('\n');
        for (ColumnMapping m : mappings) {
            if (m.lakeColumns().isEmpty()) {
                continue; // excluded (or unmappable, which blocks the table anyway): nothing is read or written
            }
            text.append("column ").append(field(m.source().name()))
                    .append(" read=").append(m.readKind())
                    .append(" projection=").append(m.projection()).append('\n');
            for (LakeColumn lake : m.lakeColumns()) {
                text.append("lake ").append(field(lake.name()))
                        .append(' ').append(field(lake.parquet().describe()))
                        .append(" glue=").append(field(lake.glueType()))
                        .append(" redshift=").append(field(lake.redshiftType()))
                        .append(' ').append(lake.nullable() ? "nullable" : "required").append('\n');
            }
        }
        return text.toString();
    }

    private static String field(String value) {
        String text = value == null ? "" : value;
        return text.length() + ":" + text;
    }
}
