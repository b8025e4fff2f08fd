package dev.sluice.core.extract;

import dev.sluice.core.types.TypeMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a chunk's Parquet file from {@link RowBatch}es, a batch at a time and a column at a time: each lake column's
 * primitive array goes straight to that column's parquet-java {@link ColumnWriter} (which encodes, keeps statistics
 * and cuts pages), followed by Sluice's own columns. parquet-java's record path ({@code ParquetWriter} with a
 * {@code WriteSupport} calling a {@code RecordConsumer} per value) assembles every row field by field through
 * {@code MessageColumnIO}; a chunk's rows are flat, so that assembly is pure cost, and it was half the encoding
 * thread's profile.
 *
 * <p>The file is what {@code ParquetWriter} writes with the same properties: v1 data pages, dictionary encoding
 * falling back to plain, statistics, column and offset indexes, page checksums, rows cut into row groups of about
 * {@link ChunkWriterSettings#rowGroupBytes()} (each with its own page store, as parquet-java does), the key/value
 * metadata naming the table, run, chunk and mapping and row-hash versions. {@code _sluice_row_hash} is never
 * dictionary-encoded: it is a random 64-bit value per row, so a dictionary only costs CPU until it falls back.
 */
final class ChunkParquetWriter {

    private final MessageType schema;
    private final List<ColumnDescriptor> columns;
    private final ParquetProperties properties;
    private final CodecFactory codecs;
    private final CompressionCodecFactory.BytesInputCompressor compressor;
    private final ParquetFileWriter file;
    private final Map<String, String> metadata;
    private final long rowGroupBytes;
    private final int rowHashField;
    private final long extractedAtMicros;
    private final Binary runId;
    private final Binary chunkId;
    private final Binary[] operations = {Binary.fromString("I"), Binary.fromString("U"), Binary.fromString("D")};
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private ColumnWriter[] writers;
    private long rowGroupRows;
    private int rowGroups;
    private long rows;

    ChunkParquetWriter(ChunkRequest request, int sourceFields, long extractedAtMicros, ChunkWriterSettings settings,
            OutputFile output) throws IOException {
        this.schema = ParquetSchemas.chunkSchema(request.table().toString(), request.columns(),
                request.changeTracking());
        this.columns = schema.getColumns();
        this.rowHashField = sourceFields;
        this.extractedAtMicros = extractedAtMicros;
        this.rowGroupBytes = settings.rowGroupBytes();
        this.runId = Binary.fromConstantByteArray(request.runId().getBytes(StandardCharsets.UTF_8));
        this.chunkId = Binary.fromConstantByteArray(request.chunkId().getBytes(StandardCharsets.UTF_8));
        this.metadata = Map.of(
                "sluice.table", request.table().toString(),
                "sluice.run_id", request.runId(),
                "sluice.chunk_id", request.chunkId(),
                "sluice.mapping_version", Integer.toString(TypeMapping.MAPPING_VERSION),
                "sluice.row_hash_version", Byte.toString(RowHasher.VERSION));
        this.properties = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withPageSize(settings.pageBytes())
                .withDictionaryPageSize(settings.pageBytes())
                .withDictionaryEncoding(settings.dictionary())
                .withDictionaryEncoding(ParquetSchemas.ROW_HASH, false)
                .withPageRowCountLimit(Integer.MAX_VALUE) // pages are cut by their byte size alone (see the settings)
                .build();
        this.codecs = new CodecFactory(new PlainParquetConfiguration(), settings.pageBytes());
        this.compressor = codecs.getCompressor(settings.compression());
        ParquetFileWriter opened = null;
        try {
            opened = new ParquetFileWriter(output, schema, ParquetFileWriter.Mode.OVERWRITE, rowGroupBytes, 0, null,
                    properties);
            opened.start();
        } catch (IOException | RuntimeException e) {
            codecs.release();
            throw e;
        }
        this.file = opened;
        startRowGroup();
    }

    MessageType schema() {
        return schema;
    }

    /** Rows written so far. */
    long rows() {
        return rows;
    }

    private void startRowGroup() {
        pages = ColumnChunkPageWriteStore.builder()
                .withCompressorProvider(column -> compressor)
                .withSchema(schema)
                .withAllocator(properties.getAllocator())
                .withColumnIndexTruncateLength(properties.getColumnIndexTruncateLength())
                .withPageWriteChecksumEnabled(properties.getPageWriteChecksumEnabled())
                .withRowGroupOrdinal(rowGroups)
                .build();
        store = properties.newColumnWriteStore(schema, pages, pages);
        writers = new ColumnWriter[columns.size()];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = store.getColumnWriter(columns.get(i));
        }
    }

    /** Writes every row of {@code batch}; starts a new row group when the buffered one reached its size. */
    void write(RowBatch batch) throws IOException {
        int n = batch.size;
        RowBatch.Field[] fields = batch.fields;
        for (int f = 0; f < fields.length; f++) {
            writeField(fields[f], writers[f], n);
        }
        int f = rowHashField;
        ColumnWriter hash = writers[f++];
        long[] hashes = batch.rowHash;
        for (int r = 0; r < n; r++) {
            hash.write(hashes[r], 0, 0);
        }
        writeConstant(writers[f++], runId, n);
        writeConstant(writers[f++], chunkId, n);
        ColumnWriter extractedAt = writers[f++];
        for (int r = 0; r < n; r++) {
            extractedAt.write(extractedAtMicros, 0, 0);
        }
        if (batch.operation != null) {
            ColumnWriter op = writers[f];
            byte[] ops = batch.operation;
            for (int r = 0; r < n; r++) {
                op.write(operations[ops[r]], 0, 0);
            }
        }
        for (int r = 0; r < n; r++) {
            store.endRecord(); // counts the row and lets the store cut pages at their size
        }
        rows += n;
        rowGroupRows += n;
        if (store.getBufferedSize() >= rowGroupBytes) {
            flushRowGroup();
            startRowGroup();
        }
    }

    /** One OPTIONAL source column of a batch: definition level 1 for a value, 0 for NULL. */
    private static void writeField(RowBatch.Field field, ColumnWriter w, int n) {
        boolean[] present = field.present;
        switch (field.physical) {
            case INT64 -> {
                long[] v = field.longs;
                for (int r = 0; r < n; r++) {
                    if (present[r]) {
                        w.write(v[r], 0, 1);
                    } else {
                        w.writeNull(0, 0);
                    }
                }
            }
            case INT32 -> {
                long[] v = field.longs;
                for (int r = 0; r < n; r++) {
                    if (present[r]) {
                        w.write((int) v[r], 0, 1);
                    } else {
                        w.writeNull(0, 0);
                    }
                }
            }
            case BOOLEAN -> {
                long[] v = field.longs;
                for (int r = 0; r < n; r++) {
                    if (present[r]) {
                        w.write(v[r] != 0, 0, 1);
                    } else {
                        w.writeNull(0, 0);
                    }
                }
            }
            case FLOAT -> {
                long[] v = field.longs;
                for (int r = 0; r < n; r++) {
                    if (present[r]) {
                        w.write(Float.intBitsToFloat((int) v[r]), 0, 1);
                    } else {
                        w.writeNull(0, 0);
                    }
                }
            }
            case DOUBLE -> {
                long[] v = field.longs;
                for (int r = 0; r < n; r++) {
                    if (present[r]) {
                        w.write(Double.longBitsToDouble(v[r]), 0, 1);
                    } else {
                        w.writeNull(0, 0);
                    }
                }
            }
            case BINARY, FIXED_LEN_BYTE_ARRAY -> {
                byte[] heap = field.heap;
                int[] offset = field.offset;
                int[] length = field.length;
                for (int r = 0; r < n; r++) {
                    if (present[r]) {
                        // the writer copies what it keeps (dictionary entries, statistics) out of the reused heap
                        w.write(Binary.fromReusedByteArray(heap, offset[r], length[r]), 0, 1);
                    } else {
                        w.writeNull(0, 0);
                    }
                }
            }
        }
    }

    private static void writeConstant(ColumnWriter w, Binary value, int n) {
        for (int r = 0; r < n; r++) {
            w.write(value, 0, 0);
        }
    }

    private void flushRowGroup() throws IOException {
        try {
            if (rowGroupRows > 0) {
                file.startBlock(rowGroupRows);
                store.flush();
                pages.flushToFileWriter(file);
                file.endBlock();
                rowGroupRows = 0;
                rowGroups++;
            }
        } finally {
            store.close();
            pages.close();
        }
    }

    /** Writes the last row group and the footer, and closes the output (which completes a lake upload). */
    void close() throws IOException {
        try {
            flushRowGroup();
            file.end(metadata);
        } finally {
            codecs.release();
        }
    }

    /** Releases buffers and codecs without finishing the file; the output stream is left to the caller to discard. */
    void abort() {
        file.abort();
        quietly(store::close);
        quietly(pages::close);
        quietly(file::close); // aborted: releases its buffers and leaves the output stream alone
        quietly(codecs::release);
    }

    /** Runs one release step of an abort; its failure is dropped: the file is being discarded anyway. */
    private static void quietly(Release step) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            // nothing is kept
        }
    }

    private interface Release {
        void run() throws IOException;
    }

    /**
     * The index of the current row's Change Tracking operation ({@code I}, {@code U}, {@code D}) in the order the
     * writer's binaries are kept; anything else fails the chunk.
     */
    static byte operation(ChunkRequest request, ChunkRowReader rows, ResultSet rs) throws SQLException {
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
}
