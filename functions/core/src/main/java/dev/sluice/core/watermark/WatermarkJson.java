package dev.sluice.core.watermark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/** The stored JSON form of a {@link Watermark}: stable field order, ISO instants, typed key values. */
public final class WatermarkJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private WatermarkJson() {
    }

    public static String write(Watermark watermark) {
        try {
            return MAPPER.writeValueAsString(watermark);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param where the object's key, for the message
     * @throws WatermarkException naming {@code where} when the document is not a watermark
     */
    public static Watermark read(String json, String where) {
        try {
            Watermark w = MAPPER.readValue(json, Watermark.class);
            if (w == null) {
                throw new WatermarkException(where + " is empty");
            }
            return w;
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new WatermarkException(where + " is not a valid watermark (" + e.getMessage().lines().findFirst()
                    .orElse("") + "): restore it from the object's previous version or rerun a full load");
        }
    }
}
