package dev.sluice.core.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.TypeMapping;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary COPY decoder and the two-thread writer on hand-built COPY streams (no database): values, the rows'
 * hashes against {@link RowHasher} fed by hand, and failures on either thread ending the chunk with nothing written.
 */
class BinaryCopyFeedTest {

    private static final TableRef TABLE = new TableRef("sales", "orders");
    private static final TypeMapping MAPPING = TypeMapping.of(Engine.POSTGRESQL);

    @TempDir
    Path dir;

    private static ChunkRequest request() {
        List<ColumnMapping> columns = List.of(MAPPING.map(new SourceColumn("id", 1, "int8", 0, 0, false), null),
                MAPPING.map(new SourceColumn("amount", 2, "numeric", 12, 2, true), null),
                MAPPING.map(new SourceColumn("name", 3, "varchar", 20, 0, true), null));
        return new ChunkRequest(TABLE, "r1", "c1", columns, List.of("id"));
    }

    private static ChunkExtractor extractor(long rowGroupBytes) {
        return new ChunkExtractor(new ChunkWriterSettings(LakeConfig.Codec.ZSTD, rowGroupBytes, 64 * 1024, true),
                Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC));
    }

    /** A binary COPY stream of {@code rows} rows (id, amount = id.25 or NULL every 3rd, name 'n<id>'). */
    static byte[] stream(int rows, boolean trailer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0});
        out.writeInt(0);
        out.writeInt(0);
        for (int id = 1; id <= rows; id++) {
            out.writeShort(3);
            out.writeInt(8);
            out.writeLong(id);
            if (id % 3 == 0) {
                out.writeInt(-1);
            } else { // numeric id.25: digits [id, 2500], weight 0, dscale 2 (id < 10000)
                out.writeInt(12);
                out.writeShort(2);
                out.writeShort(0);
                out.writeShort(0);
                out.writeShort(2);
                out.writeShort(id);
                out.writeShort(2500);
            }
            byte[] name = ("n" + id).getBytes(StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
        }
        if (trailer) {
            out.writeShort(-1);
        }
        return bytes.toByteArray();
    }

    @Test
    void decodesValuesHashesAndStatisticsAsTheCanonicalEncodingDefines() throws Exception {
        Path file = dir.resolve("c1.parquet");
        ChunkExtraction result = extractor(ChunkWriterSettings.DEFAULT_ROW_GROUP_BYTES).extract(request(),
                new ByteArrayInputStream(stream(5, true)), new LocalOutputFile(file));

        assertThat(result.statistics().rowCount()).isEqualTo(5);
        assertThat(result.statistics().sums()).containsEntry("id", "15").containsEntry("amount", "13.00");
        assertThat(result.statistics().nullCounts()).containsEntry("amount", 1L).containsEntry("name", 0L);
        assertThat(result.keyMin().toString()).isEqualTo("[{\"type\":\"bigint\",\"value\":\"1\"}]");
        assertThat(result.keyMax().toString()).isEqualTo("[{\"type\":\"bigint\",\"value\":\"5\"}]");
        List<Group> rows = ParquetFiles.rows(file);
        assertThat(rows).hasSize(5);
        Group second = rows.get(1);
        assertThat(second.getLong("id", 0)).isEqualTo(2);
        assertThat(second.getLong("amount", 0)).isEqualTo(225); // decimal(12,2) unscaled in INT64
        assertThat(second.getString("name", 0)).isEqualTo("n2");
        assertThat(rows.get(2).getFieldRepetitionCount("amount")).isZero();

        RowHasher expected = new RowHasher();
        expected.beginRow();
        expected.integer(2);
        expected.decimal(2, 225L);
        expected.string("n2");
        assertThat(second.getLong("_sluice_row_hash", 0)).isEqualTo(expected.endRow());
    }

    @Test
    void aStreamEndingInsideTheRowsFailsAsARetryableReadAndLeavesNothing() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        byte[] whole = stream(9_000, true);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 7);
        assertThatThrownBy(() -> extractor(ChunkWriterSettings.DEFAULT_ROW_GROUP_BYTES).extract(request(),
                new ByteArrayInputStream(cut), new LakeOutputFile(store, "raw/c1.parquet", LakeOutputFile.MIN_PART_SIZE)))
                .isInstanceOf(SourceReadException.class)
                .hasMessageContaining("chunk c1 of sales.orders")
                .hasMessageContaining("ended inside a row")
                .satisfies(e -> assertThat(((SourceReadException) e).sqlState()).isEqualTo("08006"));
        assertThat(store.objectCount()).isZero();
        assertThat(store.listMultipartUploads("")).isEmpty();
    }

    @Test
    void aFailureOnTheEncodingThreadEndsTheChunkWithItsCauseAndDoesNotHang() {
        // small row groups, so the encoding thread writes (and fails) while the reader is still reading
        OutputFile failing = new FailingAfterMagic();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                assertThatThrownBy(() -> extractor(64 * 1024).extract(request(),
                        new ByteArrayInputStream(stream(9_999, true)), failing))
                        .isInstanceOf(IOException.class)
                        .hasMessage("disk full"));
    }

    /** Accepts Parquet's 4-byte magic, then fails every write. */
    private static final class FailingAfterMagic implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (position >= 4) {
                        throw new IOException("disk full");
                    }
                    position += len;
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
