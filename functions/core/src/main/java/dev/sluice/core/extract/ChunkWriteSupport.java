package dev.sluice.core.extract;

import dev.sluice.core.types.TypeMapping;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * The Parquet {@link WriteSupport} of a chunk: each {@code write} is the current row ({@link RowBatch#row}) of a
 * batch the reading thread filled, its lake values passed from the batch's primitive arrays to the
 * {@link RecordConsumer} (no row object), followed by Sluice's own columns.
 */
final class ChunkWriteSupport extends WriteSupport<RowBatch> {

    private final ChunkRequest request;
    private final ChunkRowReader rows;
    private final MessageType schema;
    private final long extractedAtMicros;
    private final Binary runId;
    private final Binary chunkId;
    private final int rowHashField;
    private final Binary[] operations = {Binary.fromString("I"), Binary.fromString("U"), Binary.fromString("D")};
    private RecordConsumer out;

    ChunkWriteSupport(ChunkRequest request, ChunkRowReader rows, long extractedAtMicros) {
        this.request = request;
        this.rows = rows;
        this.schema = ParquetSchemas.chunkSchema(request.table().toString(), request.columns(),
                request.changeTracking());
        this.extractedAtMicros = extractedAtMicros;
        this.runId = Binary.fromConstantByteArray(request.runId().getBytes(StandardCharsets.UTF_8));
        this.chunkId = Binary.fromConstantByteArray(request.chunkId().getBytes(StandardCharsets.UTF_8));
        this.rowHashField = rows.sourceFields();
    }

    MessageType schema() {
        return schema;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return context();
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return context();
    }

    private WriteContext context() {
        return new WriteContext(schema, Map.of(
                "sluice.table", request.table().toString(),
                "sluice.run_id", request.runId(),
                "sluice.chunk_id", request.chunkId(),
                "sluice.mapping_version", Integer.toString(TypeMapping.MAPPING_VERSION),
                "sluice.row_hash_version", Byte.toString(RowHasher.VERSION)));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(RowBatch batch) {
        int r = batch.row;
        out.startMessage();
        RowBatch.Field[] fields = batch.fields;
        for (int f = 0; f < fields.length; f++) {
            RowBatch.Field field = fields[f];
            if (!field.present[r]) {
                continue;
            }
            out.startField(field.name, f);
            switch (field.physical) {
                case INT64 -> out.addLong(field.longs[r]);
                case INT32 -> out.addInteger((int) field.longs[r]);
                case BOOLEAN -> out.addBoolean(field.longs[r] != 0);
                case FLOAT -> out.addFloat(Float.intBitsToFloat((int) field.longs[r]));
                case DOUBLE -> out.addDouble(Double.longBitsToDouble(field.longs[r]));
                case BINARY, FIXED_LEN_BYTE_ARRAY ->
                        out.addBinary(Binary.fromReusedByteArray(field.heap, field.offset[r], field.length[r]));
            }
            out.endField(field.name, f);
        }
        int f = rowHashField;
        out.startField(ParquetSchemas.ROW_HASH, f);
        out.addLong(batch.rowHash[r]);
        out.endField(ParquetSchemas.ROW_HASH, f++);
        out.startField(ParquetSchemas.RUN_ID, f);
        out.addBinary(runId);
        out.endField(ParquetSchemas.RUN_ID, f++);
        out.startField(ParquetSchemas.CHUNK_ID, f);
        out.addBinary(chunkId);
        out.endField(ParquetSchemas.CHUNK_ID, f++);
        out.startField(ParquetSchemas.EXTRACTED_AT, f);
        out.addLong(extractedAtMicros);
        out.endField(ParquetSchemas.EXTRACTED_AT, f++);
        if (batch.operation != null) {
            out.startField(ParquetSchemas.OP, f);
            out.addBinary(operations[batch.operation[r]]);
            out.endField(ParquetSchemas.OP, f);
        }
        out.endMessage();
    }

    /**
     * The index of the current row's Change Tracking operation ({@code I}, {@code U}, {@code D}) in the order the
     * writer's binaries are kept; anything else fails the chunk.
     */
    byte operation(ResultSet rs) throws SQLException {
        String op = rs.getString(rows.operationIndex());
        if (op != null && op.length() == 1) {
            switch (op.charAt(0)) {
                case 'I' -> {
                    return 0;
                }
                case 'U' -> {
                    return 1;
                }
                case 'D' -> {
                    return 2;
                }
                default -> {
                }
            }
        }
        throw new ChunkValueException(request.table().toString(), request.changeOperationColumn(),
                request.chunkId(), rows.currentKey(rs), "the Change Tracking operation is '" + op
                + "', not I, U or D", "render SYS_CHANGE_OPERATION itself as the operation column", null);
    }

    long rows() {
        return rows.statistics().rowCount();
    }
}
