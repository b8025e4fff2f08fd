package dev.sluice.core.extract;

import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.LakeColumn;
import dev.sluice.core.types.LogicalType;
import dev.sluice.core.types.ParquetType;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a chunk: every lake column of the mapped source columns, in select-list order with each
 * companion right after its value column, then Sluice's own columns:
 * <ul>
 *   <li>{@code _sluice_row_hash} INT64: the row hash ({@link RowHasher}, {@code docs/ROW_HASH.md});</li>
 *   <li>{@code _sluice_run_id}, {@code _sluice_chunk_id} STRING;</li>
 *   <li>{@code _sluice_extracted_at} INT64 TIMESTAMP(MICROS, UTC): when the chunk's extraction started;</li>
 *   <li>{@code _sluice_op} STRING ({@code I}, {@code U} or {@code D}): only in the files of a table with a change
 *       tracking watermark, all of them ({@code I} on its full load's rows).</li>
 * </ul>
 * Physical and logical types are exactly the mapping's {@link ParquetType}. Source columns are OPTIONAL whatever
 * their catalog nullability: a Change Tracking delete carries only its key, and a column that later becomes nullable
 * at the source must not change the Parquet schema (the schema fingerprint, which records catalog nullability, does
 * change: see {@link dev.sluice.core.types.SchemaFingerprint}). Sluice's columns are REQUIRED.
 */
public final class ParquetSchemas {

    public static final String ROW_HASH = "_sluice_row_hash";
    public static final String RUN_ID = "_sluice_run_id";
    public static final String CHUNK_ID = "_sluice_chunk_id";
    public static final String EXTRACTED_AT = "_sluice_extracted_at";
    public static final String OP = "_sluice_op";

    private ParquetSchemas() {
    }

    /** The schema of a chunk of {@code table} with these column mappings (excluded columns carry nothing). */
    public static MessageType chunkSchema(String table, List<ColumnMapping> columns, boolean changeTracking) {
        List<Type> fields = new ArrayList<>();
        for (ColumnMapping column : columns) {
            if (column.blocking()) {
                throw new IllegalArgumentException("column " + table + "." + column.source().name() + " is "
                        + column.status().label() + " (" + column.statusReason() + "): the table cannot be extracted "
                        + "until config states a policy for it");
            }
            for (LakeColumn lake : column.lakeColumns()) {
                fields.add(field(lake.name(), lake.parquet()));
            }
        }
        fields.add(Types.required(PrimitiveTypeName.INT64).named(ROW_HASH));
        fields.add(Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(RUN_ID));
        fields.add(Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(CHUNK_ID));
        fields.add(Types.required(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                .named(EXTRACTED_AT));
        if (changeTracking) {
            fields.add(Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(OP));
        }
        return new MessageType("sluice_chunk", fields);
    }

    /** One OPTIONAL field with the mapping's physical type, length and annotation. */
    static Type field(String name, ParquetType type) {
        PrimitiveTypeName physical = PrimitiveTypeName.valueOf(type.physical().name());
        Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> builder = Types.optional(physical);
        if (type.length() > 0) {
            builder = builder.length(type.length());
        }
        LogicalTypeAnnotation annotation = annotation(type.logical());
        return (annotation == null ? builder : builder.as(annotation)).named(name);
    }

    static LogicalTypeAnnotation annotation(LogicalType logical) {
        return switch (logical) {
            case LogicalType.None n -> null;
            case LogicalType.StringType s -> LogicalTypeAnnotation.stringType();
            case LogicalType.Json j -> LogicalTypeAnnotation.jsonType();
            case LogicalType.Uuid u -> LogicalTypeAnnotation.uuidType();
            case LogicalType.Decimal d -> LogicalTypeAnnotation.decimalType(d.scale(), d.precision());
            case LogicalType.Date d -> LogicalTypeAnnotation.dateType();
            case LogicalType.Time t -> LogicalTypeAnnotation.timeType(t.adjustedToUtc(), unit(t.unit()));
            case LogicalType.Timestamp t -> LogicalTypeAnnotation.timestampType(t.adjustedToUtc(), unit(t.unit()));
            case LogicalType.Int i -> LogicalTypeAnnotation.intType(i.bitWidth(), i.signed());
        };
    }

    private static LogicalTypeAnnotation.TimeUnit unit(LogicalType.TimeUnit unit) {
        return LogicalTypeAnnotation.TimeUnit.valueOf(unit.name());
    }
}
