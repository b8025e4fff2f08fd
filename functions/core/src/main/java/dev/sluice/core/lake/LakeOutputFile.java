package dev.sluice.core.lake;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.Objects;
import java.util.Optional;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} that streams one lake object as a multipart upload through the {@link ObjectStore}
 * port: bytes fill one reused buffer of {@code partSize} bytes, each full buffer becomes a part, and closing the stream
 * completes the upload. Memory stays at one buffer whatever the object size. Any failure (a part or the completion
 * failing) aborts the upload, and so does {@link #abort()}: no orphan upload, no partial object.
 *
 * <p>Closing the Parquet writer completes the object, so a chunk writer must abort on failure <em>before</em> the
 * writer is closed, and must not close it in a try-with-resources that also runs on failure:
 * <pre>{@code
 * LakeOutputFile file = new LakeOutputFile(store, key, partSize);
 * ParquetWriter<Row> writer = ...builder(file).withWriteMode(OVERWRITE)...build();
 * try { ...write rows... } catch (Exception e) { file.abort(); throw e; }
 * writer.close();                       // completes the upload
 * PutResult object = file.result().orElseThrow();
 * }</pre>
 * A chunk's key is fixed (see DESIGN.md), so a retried chunk uses {@link #createOrOverwrite} (Parquet's OVERWRITE mode):
 * until its manifest exists, the object is not part of the run. A crashed process cannot abort; the bucket's lifecycle
 * rule for incomplete multipart uploads reclaims those parts.
 */
public final class LakeOutputFile implements OutputFile {

    public static final int MIB = 1024 * 1024;
    /** Smallest part size accepted (S3 requires 5 MiB for all parts but the last). */
    public static final int MIN_PART_SIZE = 8 * MIB;
    /** Largest part size accepted (bounded so a Lambda's memory stays predictable). */
    public static final int MAX_PART_SIZE = 64 * MIB;
    public static final int DEFAULT_PART_SIZE = 16 * MIB;
    private static final String PARQUET = "application/vnd.apache.parquet";

    private final ObjectStore store;
    private final String key;
    private final int partSize;
    private byte[] buffer;
    private int buffersAllocated;
    private LakeOutputStream stream;

    public LakeOutputFile(ObjectStore store, String key) {
        this(store, key, DEFAULT_PART_SIZE);
    }

    public LakeOutputFile(ObjectStore store, String key, int partSize) {
        this.store = Objects.requireNonNull(store, "store");
        this.key = Objects.requireNonNull(key, "key");
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("part size " + partSize + " bytes for '" + key + "' is outside "
                    + MIN_PART_SIZE + ".." + MAX_PART_SIZE + " (8-64 MiB): set a part size in that range");
        }
        this.partSize = partSize;
    }

    /** Opens the object for writing; fails if an object already exists under the key. */
    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        if (store.head(key).isPresent()) {
            throw new FileAlreadyExistsException(key, null,
                    "the object already exists; a retried chunk writes with Parquet's OVERWRITE mode");
        }
        return open();
    }

    /** Opens the object for writing; a completed upload replaces any object under the key. */
    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return open();
    }

    private PositionOutputStream open() {
        if (stream != null && !stream.finished) {
            throw new IllegalStateException("'" + key + "' is already open for writing");
        }
        if (buffer == null) {
            buffer = new byte[partSize];
            buffersAllocated++;
        }
        stream = new LakeOutputStream(store.begin(key, PARQUET));
        return stream;
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return key;
    }

    /** The part size in bytes. */
    public int partSize() {
        return partSize;
    }

    /** How many part buffers this file allocated: 1 once opened, whatever the object size. */
    public int buffersAllocated() {
        return buffersAllocated;
    }

    /** The completed object (size, ETag, checksums) once the stream closed successfully. */
    public Optional<ObjectStore.PutResult> result() {
        return stream == null ? Optional.empty() : Optional.ofNullable(stream.result);
    }

    /** Aborts the upload in progress, if any: nothing is stored under the key by this file. */
    public void abort() {
        if (stream != null) {
            stream.abort();
        }
    }

    private final class LakeOutputStream extends PositionOutputStream {
        private final ObjectStore.MultipartUpload upload;
        private int filled;
        private long position;
        private boolean finished;
        private ObjectStore.PutResult result;

        LakeOutputStream(ObjectStore.MultipartUpload upload) {
            this.upload = upload;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            requireOpen();
            if (filled == buffer.length) {
                flushPart();
            }
            buffer[filled++] = (byte) b;
            position++;
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, data.length);
            requireOpen();
            while (length > 0) {
                if (filled == buffer.length) {
                    flushPart();
                }
                int n = Math.min(length, buffer.length - filled);
                System.arraycopy(data, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
                position += n;
            }
        }

        /** Parts are only uploaded when full: a flush must not create an undersized part. */
        @Override
        public void flush() {
        }

        private void flushPart() throws IOException {
            try {
                upload.uploadPart(buffer, 0, filled);
                filled = 0;
            } catch (RuntimeException e) {
                abortAfter(e);
                throw new IOException("uploading a part of '" + key + "' failed; the upload was aborted", e);
            }
        }

        @Override
        public void close() throws IOException {
            if (finished) {
                return;
            }
            try {
                upload.uploadPart(buffer, 0, filled);
                filled = 0;
                result = upload.complete();
                finished = true;
            } catch (RuntimeException e) {
                abortAfter(e);
                throw new IOException("completing the upload of '" + key + "' failed; the upload was aborted", e);
            }
        }

        void abort() {
            if (finished && result != null) {
                return;
            }
            finished = true;
            filled = 0;
            upload.abort();
        }

        /** Aborts after {@code failure}; an abort that fails too is attached to it rather than hiding it. */
        private void abortAfter(RuntimeException failure) {
            try {
                abort();
            } catch (RuntimeException abortFailure) {
                failure.addSuppressed(abortFailure);
            }
        }

        private void requireOpen() throws IOException {
            if (finished) {
                throw new IOException("'" + key + "' is " + (result != null ? "already complete" : "aborted")
                        + "; nothing more can be written to it");
            }
        }
    }
}
