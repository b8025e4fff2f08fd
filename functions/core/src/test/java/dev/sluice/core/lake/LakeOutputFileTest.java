package dev.sluice.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.Test;

class LakeOutputFileTest {

    private static final int PART = LakeOutputFile.MIN_PART_SIZE;

    @Test
    void streamsFullPartsAndATailThenCompletesWithTheExactBytes() throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore();
        LakeOutputFile file = new LakeOutputFile(store, "raw/x/part-1.parquet", PART);
        byte[] data = new byte[2 * PART + 12345];
        new Random(7).nextBytes(data);

        try (PositionOutputStream out = file.createOrOverwrite(0)) {
            out.write(data, 0, 100);
            out.write(data[100]);
            out.write(data, 101, data.length - 101);
            assertThat(out.getPos()).isEqualTo(data.length);
            assertThat(store.get("raw/x/part-1.parquet")).as("not visible before close").isEmpty();
        }

        assertThat(store.get("raw/x/part-1.parquet").orElseThrow().bytes()).isEqualTo(data);
        ObjectStore.PutResult result = file.result().orElseThrow();
        assertThat(result.size()).isEqualTo(data.length);
        assertThat(result.etag()).endsWith("-3\"");
        assertThat(result.checksum().composite()).endsWith("-3");
        assertThat(result.checksum().fullObject()).isEqualTo(ObjectChecksum.ofSinglePut(data).fullObject());
        assertThat(store.listMultipartUploads("")).isEmpty();
    }

    @Test
    void memoryStaysOneReusedBufferFor200MiB() throws IOException {
        CountingStore store = new CountingStore();
        LakeOutputFile file = new LakeOutputFile(store, "raw/big.parquet", PART);
        byte[] chunk = new byte[1024 * 1024 + 3]; // deliberately not aligned with the part size
        new Random(1).nextBytes(chunk);
        long total = 200L * 1024 * 1024;
        CRC32C expected = new CRC32C();

        try (OutputStream out = file.createOrOverwrite(0)) {
            for (long written = 0; written < total; ) {
                int n = (int) Math.min(chunk.length, total - written);
                out.write(chunk, 0, n);
                expected.update(chunk, 0, n);
                written += n;
            }
        }

        assertThat(file.buffersAllocated()).isEqualTo(1);
        assertThat(store.arraysSeen).as("every part is sent from the same buffer").hasSize(1);
        assertThat(store.partSizes).hasSize(25).allMatch(size -> size == PART);
        assertThat(store.bytes).isEqualTo(total);
        assertThat(store.completed).isTrue();
        assertThat(file.result().orElseThrow().checksum().fullObject())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(
                        java.nio.ByteBuffer.allocate(4).putInt((int) expected.getValue()).array()));
    }

    @Test
    void aFailingPartAbortsTheUploadAndLeavesNoObject() {
        InMemoryObjectStore memory = new InMemoryObjectStore();
        FailingStore store = new FailingStore(memory, 2);
        LakeOutputFile file = new LakeOutputFile(store, "raw/fail.parquet", PART);
        byte[] data = new byte[3 * PART];

        assertThatThrownBy(() -> {
            try (OutputStream out = file.createOrOverwrite(0)) {
                out.write(data);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("raw/fail.parquet").hasMessageContaining("aborted");

        assertThat(memory.listMultipartUploads("")).isEmpty();
        assertThat(memory.get("raw/fail.parquet")).isEmpty();
        assertThat(file.result()).isEmpty();
    }

    @Test
    void explicitAbortDiscardsTheUploadAndLaterWritesAndCloseDoNotComplete() throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore();
        LakeOutputFile file = new LakeOutputFile(store, "raw/abort.parquet", PART);
        PositionOutputStream out = file.createOrOverwrite(0);
        out.write(new byte[PART + 10]);
        assertThat(store.listMultipartUploads("raw/")).hasSize(1);

        file.abort();

        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("aborted");
        out.close();
        assertThat(store.listMultipartUploads("")).isEmpty();
        assertThat(store.objectCount()).isZero();
        assertThat(file.result()).isEmpty();
    }

    @Test
    void createRefusesAnExistingObjectWhileCreateOrOverwriteReplacesIt() throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore();
        store.putIfAbsent("raw/k.parquet", new byte[] {1}, "x");

        assertThatThrownBy(() -> new LakeOutputFile(store, "raw/k.parquet", PART).create(0))
                .isInstanceOf(FileAlreadyExistsException.class);
        LakeOutputFile file = new LakeOutputFile(store, "raw/k.parquet", PART);
        try (OutputStream out = file.createOrOverwrite(0)) {
            out.write(new byte[] {2, 3});
        }
        assertThat(store.get("raw/k.parquet").orElseThrow().bytes()).containsExactly(2, 3);
    }

    @Test
    void partSizeOutside8To64MiBIsRejected() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        assertThatThrownBy(() -> new LakeOutputFile(store, "k", 5 * LakeOutputFile.MIB))
                .hasMessageContaining("8-64 MiB");
        assertThatThrownBy(() -> new LakeOutputFile(store, "k", 65 * LakeOutputFile.MIB))
                .hasMessageContaining("8-64 MiB");
        assertThat(new LakeOutputFile(store, "k").partSize()).isEqualTo(16 * LakeOutputFile.MIB);
    }

    /** Keeps only sizes and checksums of parts: 200 MiB pass through without being held. */
    private static final class CountingStore extends ForwardingObjectStore {
        final Set<byte[]> arraysSeen = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<Integer> partSizes = new ArrayList<>();
        long bytes;
        boolean completed;

        CountingStore() {
            super(new InMemoryObjectStore());
        }

        @Override
        public MultipartUpload begin(String key, String contentType) {
            ObjectChecksum.MultipartAccumulator checksums = new ObjectChecksum.MultipartAccumulator();
            return new MultipartUpload() {
                @Override
                public String key() {
                    return key;
                }

                @Override
                public String uploadId() {
                    return "counting";
                }

                @Override
                public PartReceipt uploadPart(byte[] data, int offset, int length) {
                    arraysSeen.add(data);
                    partSizes.add(length);
                    bytes += length;
                    return new PartReceipt(partSizes.size(), length, "e", checksums.addPart(data, offset, length));
                }

                @Override
                public PutResult complete() {
                    completed = true;
                    return new PutResult(key, bytes, "\"e-" + partSizes.size() + "\"", checksums.result());
                }

                @Override
                public void abort() {
                }
            };
        }
    }

    /** Fails the n-th part upload. */
    private static final class FailingStore extends ForwardingObjectStore {
        private final int failingPart;

        FailingStore(ObjectStore delegate, int failingPart) {
            super(delegate);
            this.failingPart = failingPart;
        }

        @Override
        public MultipartUpload begin(String key, String contentType) {
            MultipartUpload real = super.begin(key, contentType);
            return new MultipartUpload() {
                int parts;

                @Override
                public String key() {
                    return real.key();
                }

                @Override
                public String uploadId() {
                    return real.uploadId();
                }

                @Override
                public PartReceipt uploadPart(byte[] data, int offset, int length) {
                    if (++parts == failingPart) {
                        throw new IllegalStateException("connection reset");
                    }
                    return real.uploadPart(data, offset, length);
                }

                @Override
                public PutResult complete() {
                    return real.complete();
                }

                @Override
                public void abort() {
                    real.abort();
                }
            };
        }
    }
}
