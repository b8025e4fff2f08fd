package dev.sluice.core.lake;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An object store held in memory with S3's conditional-write semantics: If-None-Match and If-Match are checked
 * atomically, ETags are the MD5 (or MD5 of part MD5s with {@code -N}) as S3 computes them, and multipart uploads stay
 * pending until completed or aborted. Used by unit tests and dry runs; thread-safe.
 */
public final class InMemoryObjectStore implements ObjectStore {

    private final NavigableMap<String, StoredObject> objects = new TreeMap<>();
    private final Map<String, Upload> uploads = new LinkedHashMap<>();
    private final AtomicLong uploadIds = new AtomicLong();

    @Override
    public synchronized Optional<StoredObject> get(String key) {
        StoredObject stored = objects.get(key);
        return stored == null ? Optional.empty()
                : Optional.of(new StoredObject(stored.bytes().clone(), stored.etag()));
    }

    @Override
    public synchronized Optional<ObjectInfo> head(String key) {
        StoredObject stored = objects.get(key);
        return stored == null ? Optional.empty()
                : Optional.of(new ObjectInfo(key, stored.bytes().length, stored.etag()));
    }

    @Override
    public synchronized PutResult putIfAbsent(String key, byte[] body, String contentType) {
        if (objects.containsKey(key)) {
            throw new PreconditionFailedException(key, "If-None-Match: *");
        }
        return store(key, body);
    }

    @Override
    public synchronized PutResult putIfMatch(String key, byte[] body, String contentType, String expectedEtag) {
        StoredObject current = objects.get(key);
        if (current == null || !current.etag().equals(expectedEtag)) {
            throw new PreconditionFailedException(key, "If-Match: " + expectedEtag);
        }
        return store(key, body);
    }

    private PutResult store(String key, byte[] body) {
        String etag = '"' + HexFormat.of().formatHex(md5(body, 0, body.length)) + '"';
        objects.put(key, new StoredObject(body.clone(), etag));
        return new PutResult(key, body.length, etag, ObjectChecksum.ofSinglePut(body));
    }

    @Override
    public synchronized ObjectPage list(String prefix, String continuationToken, int maxKeys) {
        List<ObjectInfo> page = new ArrayList<>();
        var tail = continuationToken == null ? objects.tailMap(prefix, true) : objects.tailMap(continuationToken, false);
        String last = null;
        for (var entry : tail.entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break;
            }
            if (page.size() == maxKeys) {
                return new ObjectPage(page, last);
            }
            page.add(new ObjectInfo(entry.getKey(), entry.getValue().bytes().length, entry.getValue().etag()));
            last = entry.getKey();
        }
        return new ObjectPage(page, null);
    }

    @Override
    public synchronized MultipartUpload begin(String key, String contentType) {
        Upload upload = new Upload(key, "upload-" + uploadIds.incrementAndGet());
        uploads.put(upload.uploadId, upload);
        return upload;
    }

    @Override
    public synchronized List<PendingUpload> listMultipartUploads(String prefix) {
        return uploads.values().stream()
                .filter(upload -> upload.key.startsWith(prefix))
                .map(upload -> new PendingUpload(upload.key, upload.uploadId))
                .toList();
    }

    /** The number of objects stored (for tests asserting that nothing partial appeared). */
    public synchronized int objectCount() {
        return objects.size();
    }

    private final class Upload implements MultipartUpload {
        private final String key;
        private final String uploadId;
        private final List<byte[]> parts = new ArrayList<>();
        private final ObjectChecksum.MultipartAccumulator checksums = new ObjectChecksum.MultipartAccumulator();

        Upload(String key, String uploadId) {
            this.key = key;
            this.uploadId = uploadId;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public String uploadId() {
            return uploadId;
        }

        @Override
        public PartReceipt uploadPart(byte[] data, int offset, int length) {
            synchronized (InMemoryObjectStore.this) {
                requirePending();
                parts.add(Arrays.copyOfRange(data, offset, offset + length));
                String crc = checksums.addPart(data, offset, length);
                String etag = '"' + HexFormat.of().formatHex(md5(data, offset, length)) + '"';
                return new PartReceipt(parts.size(), length, etag, crc);
            }
        }

        @Override
        public PutResult complete() {
            synchronized (InMemoryObjectStore.this) {
                requirePending();
                ByteArrayOutputStream whole = new ByteArrayOutputStream();
                ByteArrayOutputStream partMd5s = new ByteArrayOutputStream();
                for (byte[] part : parts) {
                    whole.writeBytes(part);
                    partMd5s.writeBytes(md5(part, 0, part.length));
                }
                byte[] bytes = whole.toByteArray();
                byte[] digests = partMd5s.toByteArray();
                String etag = '"' + HexFormat.of().formatHex(md5(digests, 0, digests.length)) + "-" + parts.size() + '"';
                objects.put(key, new StoredObject(bytes, etag));
                uploads.remove(uploadId);
                return new PutResult(key, bytes.length, etag, checksums.result());
            }
        }

        @Override
        public void abort() {
            synchronized (InMemoryObjectStore.this) {
                uploads.remove(uploadId);
                parts.clear();
            }
        }

        private void requirePending() {
            if (!uploads.containsKey(uploadId)) {
                throw new IllegalStateException("multipart upload " + uploadId + " of '" + key
                        + "' was already completed or aborted");
            }
        }
    }

    private static byte[] md5(byte[] data, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            digest.update(data, offset, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by the Java platform", e);
        }
    }
}
