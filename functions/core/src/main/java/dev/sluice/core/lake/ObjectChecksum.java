package dev.sluice.core.lake;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The CRC32C checksums of a stored object, as S3 reports them: {@code fullObject} is the CRC32C of the whole object
 * (base64 of the big-endian 4 bytes), {@code composite} the multipart form S3 stores for a multipart upload, the
 * CRC32C of the concatenated part checksums followed by {@code -<parts>} (null for a single PUT). Both are computed
 * while the bytes stream through, and S3 verifies every part and every PUT against the value sent with it.
 */
@JsonPropertyOrder({"algorithm", "fullObject", "composite"})
public record ObjectChecksum(String algorithm, String fullObject, String composite) {

    public static final String CRC32C = "CRC32C";

    /** The checksum of a single PUT of {@code bytes}. */
    public static ObjectChecksum ofSinglePut(byte[] bytes) {
        return new ObjectChecksum(CRC32C, crc32c(bytes, 0, bytes.length), null);
    }

    /** Base64 of the big-endian CRC32C of {@code length} bytes of {@code data} from {@code offset}. */
    public static String crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return encode(crc.getValue());
    }

    private static String encode(long crc) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc).array());
    }

    /**
     * Accumulates the checksums of a multipart upload part by part, in order: the running full-object CRC32C and
     * each part's CRC32C, from which the composite checksum follows. Not thread-safe; one per upload.
     */
    public static final class MultipartAccumulator {
        private final CRC32C whole = new CRC32C();
        private final List<String> parts = new ArrayList<>();

        /** Adds the next part and returns its base64 CRC32C (the value to send with the part). */
        public String addPart(byte[] data, int offset, int length) {
            whole.update(data, offset, length);
            String part = crc32c(data, offset, length);
            parts.add(part);
            return part;
        }

        /** The part checksums so far, in part order. */
        public List<String> partChecksums() {
            return List.copyOf(parts);
        }

        /** The object's checksums once every part is added. */
        public ObjectChecksum result() {
            CRC32C overParts = new CRC32C();
            for (String part : parts) {
                overParts.update(Base64.getDecoder().decode(part));
            }
            return new ObjectChecksum(CRC32C, encode(whole.getValue()),
                    encode(overParts.getValue()) + "-" + parts.size());
        }
    }
}
