package dev.sluice.core.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON form of everything Sluice keeps in the lake (manifests, state, ledger): records in declaration order, map
 * entries sorted by key, instants as ISO-8601 strings, so the same value always produces the same bytes. Unknown
 * fields are ignored on read so an older reader accepts a newer writer's objects during a rolling deploy.
 */
public final class LakeJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private LakeJson() {
    }

    /** The shared mapper (thread-safe; do not reconfigure). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The stable JSON bytes of {@code value}. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads the object stored under {@code key}; the key names the object in the error if it is not valid JSON. */
    public static <T> T read(String key, byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("'" + key + "' is not a valid " + type.getSimpleName()
                    + " (" + e.getMessage() + "); inspect or restore the object", e);
        }
    }

    /** Reads {@code json} of the object under {@code key} as a tree. */
    public static JsonNode tree(String key, byte[] json) {
        return read(key, json, JsonNode.class);
    }
}
