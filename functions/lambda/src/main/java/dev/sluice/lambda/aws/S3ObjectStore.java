package dev.sluice.lambda.aws;

import dev.sluice.core.lake.ObjectChecksum;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.lake.PreconditionFailedException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The lake's {@link ObjectStore} on Amazon S3 (and S3-compatible stores such as S3Proxy), one bucket.
 *
 * <ul>
 *   <li>Every PUT and every part carries its CRC32C ({@code x-amz-checksum-crc32c}), which S3 verifies; multipart
 *       uploads are created with the CRC32C algorithm so S3 keeps the composite checksum, which completion returns
 *       and this class checks against its own.</li>
 *   <li>If-None-Match / If-Match: a 412 becomes {@link PreconditionFailedException}. A 409 (S3's
 *       ConditionalRequestConflict: a concurrent conditional write to the same key was in flight) is retried a few
 *       times, after which the outcome is a 412 or a success like any other.</li>
 *   <li>Parts are sent from the caller's buffer without copying; the call returns only when the part is stored.</li>
 * </ul>
 */
public final class S3ObjectStore implements ObjectStore {

    private static final int CONFLICT_RETRIES = 4;

    private final S3Client s3;
    private final String bucket;

    public S3ObjectStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(new StoredObject(object.asByteArrayUnsafe(), object.response().eTag()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new ObjectInfo(key, head.contentLength(), head.eTag()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public PutResult putIfAbsent(String key, byte[] body, String contentType) {
        return put(key, body, contentType, request -> request.ifNoneMatch("*"), "If-None-Match: *");
    }

    @Override
    public PutResult putIfMatch(String key, byte[] body, String contentType, String expectedEtag) {
        Objects.requireNonNull(expectedEtag, "expectedEtag");
        return put(key, body, contentType, request -> request.ifMatch(expectedEtag), "If-Match: " + expectedEtag);
    }

    private PutResult put(String key, byte[] body, String contentType,
            java.util.function.Consumer<PutObjectRequest.Builder> condition, String conditionText) {
        ObjectChecksum checksum = ObjectChecksum.ofSinglePut(body);
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .checksumCRC32C(checksum.fullObject());
        condition.accept(request);
        PutObjectRequest built = request.build();
        PutObjectResponse response = conditional(key, conditionText,
                () -> s3.putObject(built, RequestBody.fromBytes(body)));
        requireSame(key, "CRC32C", checksum.fullObject(), response.checksumCRC32C());
        return new PutResult(key, body.length, response.eTag(), checksum);
    }

    private <T> T conditional(String key, String conditionText, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    throw new PreconditionFailedException(key, conditionText);
                }
                if (e.statusCode() != 409 || attempt == CONFLICT_RETRIES) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(25L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a conflicting conditional write", e);
        }
    }

    @Override
    public ObjectPage list(String prefix, String continuationToken, int maxKeys) {
        ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(maxKeys)
                .continuationToken(continuationToken));
        List<ObjectInfo> objects = page.contents().stream()
                .map(object -> new ObjectInfo(object.key(), object.size(), object.eTag()))
                .toList();
        return new ObjectPage(objects, Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
    }

    @Override
    public MultipartUpload begin(String key, String contentType) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32_C)).uploadId();
        return new S3MultipartUpload(key, uploadId);
    }

    @Override
    public List<PendingUpload> listMultipartUploads(String prefix) {
        return s3.listMultipartUploadsPaginator(ListMultipartUploadsRequest.builder().bucket(bucket).prefix(prefix)
                        .build())
                .uploads().stream()
                .map(upload -> new PendingUpload(upload.key(), upload.uploadId()))
                .toList();
    }

    private static void requireSame(String key, String what, String ours, String theirs) {
        if (theirs != null && !theirs.isEmpty() && !ours.equals(theirs)) {
            throw new IllegalStateException("S3 reports " + what + " " + theirs + " for '" + key + "' but "
                    + ours + " was sent: the object is not what was written; rerun the chunk");
        }
    }

    private final class S3MultipartUpload implements MultipartUpload {
        private final String key;
        private final String uploadId;
        private final ObjectChecksum.MultipartAccumulator checksums = new ObjectChecksum.MultipartAccumulator();
        private final List<CompletedPart> parts = new ArrayList<>();
        private long size;

        S3MultipartUpload(String key, String uploadId) {
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
            int partNumber = parts.size() + 1;
            String crc = checksums.addPart(data, offset, length);
            UploadPartResponse response = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                            .partNumber(partNumber).contentLength((long) length).checksumCRC32C(crc),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, offset, length), length,
                            "application/octet-stream"));
            requireSame(key, "part " + partNumber + " CRC32C", crc, response.checksumCRC32C());
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).checksumCRC32C(crc)
                    .build());
            size += length;
            return new PartReceipt(partNumber, length, response.eTag(), crc);
        }

        @Override
        public PutResult complete() {
            ObjectChecksum checksum = checksums.result();
            CompleteMultipartUploadResponse response = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                    .uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
            String reported = response.checksumCRC32C();
            if (reported != null && !reported.isEmpty()) {
                // S3 reports the composite form ("<crc>-<parts>"); some stores omit the part count.
                String ours = checksum.composite();
                requireSame(key, "composite CRC32C", reported.contains("-") ? ours : ours.substring(0,
                        ours.lastIndexOf('-')), reported);
            }
            return new PutResult(key, size, response.eTag(), checksum);
        }

        @Override
        public void abort() {
            try {
                s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key)
                        .uploadId(uploadId).build());
            } catch (S3Exception e) {
                if (e.statusCode() != 404) { // NoSuchUpload: already completed or aborted
                    throw e;
                }
            }
        }
    }
}
