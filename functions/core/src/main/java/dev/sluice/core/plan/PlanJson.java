package dev.sluice.core.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The JSON form of a {@link ChunkPlan}: byte-identical for identical plans (fields in declared order, map entries
 * sorted, ISO instants, {@code \n} line ends on every platform, typed key values), so a rerun of a window writes
 * the same object and its If-None-Match conflict resolves as "same content".
 */
public final class PlanJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private PlanJson() {
    }

    public static String write(ChunkPlan plan) {
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(plan) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ChunkPlan read(String json) {
        try {
            return MAPPER.readValue(json, ChunkPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a chunk plan: " + e.getOriginalMessage(), e);
        }
    }

    /** One-line canonical JSON of a value, the input of run and chunk id hashes. */
    static String canonical(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
