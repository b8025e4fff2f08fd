package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sluice.core.lake.ObjectChecksum;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.lake.PreconditionFailedException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The SDK error edges of the S3 adapter; the behaviour against a real S3 API is in {@link S3ObjectStoreIT}. */
class S3ObjectStoreTest {

    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    private final S3Client s3 = mock(S3Client.class);
    private final S3ObjectStore store = new S3ObjectStore(s3, "lake");

    private static S3Exception status(int code) {
        return (S3Exception) S3Exception.builder().statusCode(code).message("status " + code).build();
    }

    @Test
    void aCreateOnlyPutSendsIfNoneMatchAndTheCrc32cAndMaps412() {
        when(s3.putObject(any(PutObjectRequest.class), any(RequestBody.class))).thenThrow(status(412));

        assertThatThrownBy(() -> store.putIfAbsent("m/c1.json", BODY, "application/json"))
                .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("m/c1.json")
                .hasMessageContaining("If-None-Match");
        ArgumentCaptor<PutObjectRequest> request = ArgumentCaptor.forClass(PutObjectRequest.class);
        verify(s3).putObject(request.capture(), any(RequestBody.class));
        assertThat(request.getValue().ifNoneMatch()).isEqualTo("*");
        assertThat(request.getValue().ifMatch()).isNull();
        assertThat(request.getValue().checksumCRC32C()).isEqualTo(ObjectChecksum.ofSinglePut(BODY).fullObject());
        assertThat(request.getValue().bucket()).isEqualTo("lake");
    }

    @Test
    void aConditionalRequestConflictIsRetriedThenSucceeds() {
        when(s3.putObject(any(PutObjectRequest.class), any(RequestBody.class)))
                .thenThrow(status(409)).thenThrow(status(409))
                .thenReturn(PutObjectResponse.builder().eTag("\"e2\"").build());

        ObjectStore.PutResult result = store.putIfMatch("state/watermark.json", BODY, "application/json", "\"e1\"");

        assertThat(result.etag()).isEqualTo("\"e2\"");
        ArgumentCaptor<PutObjectRequest> request = ArgumentCaptor.forClass(PutObjectRequest.class);
        verify(s3, times(3)).putObject(request.capture(), any(RequestBody.class));
        assertThat(request.getValue().ifMatch()).isEqualTo("\"e1\"");
    }

    @Test
    void aPersistentConflictOrAnyOtherErrorIsNotAPreconditionFailure() {
        when(s3.putObject(any(PutObjectRequest.class), any(RequestBody.class))).thenThrow(status(409));
        assertThatThrownBy(() -> store.putIfAbsent("k", BODY, "application/json"))
                .isInstanceOf(S3Exception.class);
        verify(s3, times(4)).putObject(any(PutObjectRequest.class), any(RequestBody.class));

        S3Client denied = mock(S3Client.class);
        when(denied.putObject(any(PutObjectRequest.class), any(RequestBody.class))).thenThrow(status(403));
        assertThatThrownBy(() -> new S3ObjectStore(denied, "lake").putIfAbsent("k", BODY, "application/json"))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }

    @Test
    void aChecksumTheStoreReportsDifferentlyIsAnError() {
        when(s3.putObject(any(PutObjectRequest.class), any(RequestBody.class)))
                .thenReturn(PutObjectResponse.builder().eTag("\"e\"").checksumCRC32C("AAAAAA==").build());

        assertThatThrownBy(() -> store.putIfAbsent("k", BODY, "application/json"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'k'").hasMessageContaining("AAAAAA==");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMissingObjectIsEmptyButAccessDeniedIsRaised() {
        when(s3.getObjectAsBytes(any(GetObjectRequest.class))).thenThrow(status(404));
        when(s3.getObjectAsBytes(any(Consumer.class))).thenThrow(status(404));
        assertThat(store.get("nothing")).isEmpty();

        S3Client denied = mock(S3Client.class);
        when(denied.getObjectAsBytes(any(Consumer.class))).thenThrow(status(403));
        assertThatThrownBy(() -> new S3ObjectStore(denied, "lake").get("k")).isInstanceOf(S3Exception.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void abortOfAnUploadThatIsAlreadyGoneIsQuietButOtherFailuresSurface() {
        when(s3.createMultipartUpload(any(Consumer.class)))
                .thenReturn(CreateMultipartUploadResponse.builder().uploadId("u1").build());
        when(s3.abortMultipartUpload(any(AbortMultipartUploadRequest.class)))
                .thenThrow(status(404)).thenThrow(status(500));
        ObjectStore.MultipartUpload upload = store.begin("raw/x.parquet", "application/vnd.apache.parquet");

        upload.abort();
        assertThatThrownBy(upload::abort).isInstanceOf(S3Exception.class);
        assertThat(upload.uploadId()).isEqualTo("u1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void multipartUploadsAreCreatedWithTheCrc32cAlgorithm() {
        ArgumentCaptor<Consumer<CreateMultipartUploadRequest.Builder>> request =
                ArgumentCaptor.forClass(Consumer.class);
        when(s3.createMultipartUpload(request.capture()))
                .thenReturn(CreateMultipartUploadResponse.builder().uploadId("u1").build());

        store.begin("raw/x.parquet", "application/vnd.apache.parquet");

        CreateMultipartUploadRequest.Builder builder = CreateMultipartUploadRequest.builder();
        request.getValue().accept(builder);
        assertThat(builder.build().checksumAlgorithmAsString()).isEqualTo("CRC32C");
        assertThat(builder.build().key()).isEqualTo("raw/x.parquet");
    }
}
