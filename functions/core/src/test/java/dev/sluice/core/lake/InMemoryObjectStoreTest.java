package dev.sluice.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class InMemoryObjectStoreTest {

    private final InMemoryObjectStore store = new InMemoryObjectStore();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createOnlyPutRefusesAnExistingKeyAndKeepsTheFirstBody() {
        store.putIfAbsent("a", utf8("first"), "text/plain");

        assertThatThrownBy(() -> store.putIfAbsent("a", utf8("second"), "text/plain"))
                .isInstanceOf(PreconditionFailedException.class)
                .satisfies(e -> assertThat(((PreconditionFailedException) e).key()).isEqualTo("a"));
        assertThat(new String(store.get("a").orElseThrow().bytes(), StandardCharsets.UTF_8)).isEqualTo("first");
    }

    @Test
    void compareAndSwapPutNeedsTheCurrentEtag() {
        String first = store.putIfAbsent("a", utf8("v1"), "text/plain").etag();
        String second = store.putIfMatch("a", utf8("v2"), "text/plain", first).etag();

        assertThat(second).isNotEqualTo(first);
        assertThatThrownBy(() -> store.putIfMatch("a", utf8("v3"), "text/plain", first))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> store.putIfMatch("missing", utf8("v"), "text/plain", first))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(store.get("a").orElseThrow().etag()).isEqualTo(second);
    }

    @Test
    void etagIsTheQuotedMd5AndTheChecksumTheCrc32cOfTheBody() {
        ObjectStore.PutResult put = store.putIfAbsent("k", utf8("hello"), "text/plain");

        assertThat(put.etag()).isEqualTo("\"5d41402abc4b2a76b9719d911017c592\"");
        CRC32C crc = new CRC32C();
        crc.update(utf8("hello"));
        assertThat(java.util.Base64.getDecoder().decode(put.checksum().fullObject()))
                .containsExactly(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        assertThat(store.head("k").orElseThrow().size()).isEqualTo(5);
        assertThat(store.get("nothing")).isEmpty();
    }

    @Test
    void listingPagesThroughKeysUnderThePrefixOnly() {
        for (int i = 0; i < 7; i++) {
            store.putIfAbsent("p/" + i, utf8("x"), "text/plain");
        }
        store.putIfAbsent("q/0", utf8("x"), "text/plain");

        ObjectStore.ObjectPage first = store.list("p/", null, 3);
        ObjectStore.ObjectPage second = store.list("p/", first.nextToken(), 3);
        ObjectStore.ObjectPage third = store.list("p/", second.nextToken(), 3);

        assertThat(first.objects()).extracting(ObjectStore.ObjectInfo::key).containsExactly("p/0", "p/1", "p/2");
        assertThat(second.objects()).extracting(ObjectStore.ObjectInfo::key).containsExactly("p/3", "p/4", "p/5");
        assertThat(third.objects()).extracting(ObjectStore.ObjectInfo::key).containsExactly("p/6");
        assertThat(third.nextToken()).isNull();
        assertThat(store.listAll("p/")).hasSize(7);
    }

    @Test
    void multipartObjectAppearsOnlyOnCompleteWithS3StyleEtagAndCompositeChecksum() {
        ObjectStore.MultipartUpload upload = store.begin("big", "application/octet-stream");
        upload.uploadPart(utf8("xxabcxx"), 2, 3);
        upload.uploadPart(utf8("def"), 0, 3);

        assertThat(store.get("big")).isEmpty();
        assertThat(store.listMultipartUploads("b")).containsExactly(
                new ObjectStore.PendingUpload("big", upload.uploadId()));

        ObjectStore.PutResult done = upload.complete();

        assertThat(new String(store.get("big").orElseThrow().bytes(), StandardCharsets.UTF_8)).isEqualTo("abcdef");
        assertThat(done.etag()).endsWith("-2\"");
        assertThat(done.checksum().composite()).endsWith("-2");
        assertThat(done.checksum().fullObject())
                .isEqualTo(ObjectChecksum.ofSinglePut(utf8("abcdef")).fullObject());
        assertThat(store.listMultipartUploads("")).isEmpty();
    }

    @Test
    void abortedUploadLeavesNothingAndCannotBeCompleted() {
        ObjectStore.MultipartUpload upload = store.begin("big", "application/octet-stream");
        upload.uploadPart(utf8("abc"), 0, 3);
        upload.abort();

        assertThat(store.listMultipartUploads("")).isEmpty();
        assertThatThrownBy(upload::complete).isInstanceOf(IllegalStateException.class);
        assertThat(store.objectCount()).isZero();
        assertThat(List.of(store.listAll(""))).containsExactly(List.of());
    }
}
