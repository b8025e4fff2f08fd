package dev.sluice.core.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lake's object store (S3 in AWS, S3Proxy on one machine): the port through which Sluice reads and writes Parquet
 * chunks, manifests, plans, watermarks, leases and the run ledger. Keys are relative to the lake bucket.
 *
 * <p>Conditional writes are the only coordination primitive: {@link #putIfAbsent} (If-None-Match: *) creates an
 * object exactly once, {@link #putIfMatch} (If-Match: ETag) replaces exactly the version that was read. A failed
 * condition is reported as {@link PreconditionFailedException}, never as an adapter type. Every write carries a
 * CRC32C checksum that the store verifies, and returns it for the manifests.
 */
public interface ObjectStore {

    /** The object's bytes and ETag, or empty when there is no object under {@code key}. */
    Optional<StoredObject> get(String key);

    /** The object's size and ETag without its bytes, or empty when there is no object under {@code key}. */
    Optional<ObjectInfo> head(String key);

    /**
     * Creates {@code key} only if no object exists under it (If-None-Match: *).
     *
     * @throws PreconditionFailedException when an object already exists (possibly our own earlier attempt)
     */
    PutResult putIfAbsent(String key, byte[] body, String contentType);

    /**
     * Replaces {@code key} only if its current ETag is {@code expectedEtag} (If-Match).
     *
     * @throws PreconditionFailedException when the object changed since it was read, or no longer exists
     */
    PutResult putIfMatch(String key, byte[] body, String contentType, String expectedEtag);

    /**
     * One page of the objects whose key starts with {@code prefix}, in key order.
     *
     * @param continuationToken null for the first page, then {@link ObjectPage#nextToken()}
     */
    ObjectPage list(String prefix, String continuationToken, int maxKeys);

    /** Every object whose key starts with {@code prefix}, in key order, following the pages. */
    default List<ObjectInfo> listAll(String prefix) {
        List<ObjectInfo> all = new ArrayList<>();
        String token = null;
        do {
            ObjectPage page = list(prefix, token, 1000);
            all.addAll(page.objects());
            token = page.nextToken();
        } while (token != null);
        return all;
    }

    /**
     * Starts a multipart upload to {@code key}. The object appears only when {@link MultipartUpload#complete()}
     * succeeds; {@link MultipartUpload#abort()} discards every part.
     */
    MultipartUpload begin(String key, String contentType);

    /** Multipart uploads started under {@code prefix} and neither completed nor aborted (orphans if no writer runs). */
    List<PendingUpload> listMultipartUploads(String prefix);

    /**
     * A multipart upload in progress. Parts are numbered from 1 in the order they are uploaded. Implementations must
     * not keep a reference to the array passed to {@link #uploadPart} after it returns: the caller reuses it.
     */
    interface MultipartUpload {

        /** The object key the upload will create. */
        String key();

        /** The store's id of this upload (to find it in {@link #listMultipartUploads}). */
        String uploadId();

        /** Uploads the next part, {@code length} bytes of {@code data} from {@code offset}, with its CRC32C. */
        PartReceipt uploadPart(byte[] data, int offset, int length);

        /** Assembles the uploaded parts into the object; returns its size, ETag and checksum. */
        PutResult complete();

        /** Discards the upload and its parts. Safe to call more than once and after a failed {@link #complete()}. */
        void abort();
    }

    /** An object read from the store. */
    record StoredObject(byte[] bytes, String etag) {
    }

    /** An object's key, size in bytes and ETag. */
    record ObjectInfo(String key, long size, String etag) {
    }

    /** One page of a listing; {@code nextToken} is null on the last page. */
    record ObjectPage(List<ObjectInfo> objects, String nextToken) {
        public ObjectPage {
            objects = List.copyOf(objects);
        }
    }

    /** A multipart upload that was started and not yet completed or aborted. */
    record PendingUpload(String key, String uploadId) {
    }

    /** What the store acknowledged for one uploaded part. */
    record PartReceipt(int partNumber, long size, String etag, String checksumCrc32c) {
    }

    /** The stored object's key, size, ETag and checksum, as recorded in the manifests. */
    record PutResult(String key, long size, String etag, ObjectChecksum checksum) {
    }
}
