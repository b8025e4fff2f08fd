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
 * The Parquet {@link WriteSupport} of a chunk: each {@code write} is the {@code ResultSet}'s current row, read
 * column by column with primitive getters straight into the {@link RecordConsumer} (no intermediate row object),
 * followed by Sluice's own columns. The row hash digest and statistics accumulate as rows pass.
 */
final class ChunkWriteSupport extends WriteSupport<ResultSet> {

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
    public void write(ResultSet rs) {
        try {
            out.startMessage();
            long hash = rows.readRow(rs, out);
            rows.statistics().row(hash);
            int f = rowHashField;
            out.startField(ParquetSchemas.ROW_HASH, f);
            out.addLong(hash);
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
            if (request.changeTracking()) {
                out.startField(ParquetSchemas.OP, f);
                out.addBinary(operation(rs));
                out.endField(ParquetSchemas.OP, f);
            }
            out.endMessage();
        } catch (SQLException e) {
            throw new SourceReadException("reading a row of chunk " + request.chunkId() + " of " + request.table()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private Binary operation(ResultSet rs) throws SQLException {
        String op = rs.getString(rows.operationIndex());
        if (op != null && op.length() == 1) {
            switch (op.charAt(0)) {
                case 'I' -> {
                    return operations[0];
                }
                case 'U' -> {
                    return operations[1];
                }
                case 'D' -> {
                    return operations[2];
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
