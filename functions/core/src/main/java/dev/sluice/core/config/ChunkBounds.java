package dev.sluice.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * The most one chunk may hold, in rows and in estimated uncompressed bytes; the planner keeps every chunk under
 * both so it finishes well inside Lambda's 15 minutes with constant memory. In YAML {@code maxBytes} may be written
 * with a unit ({@code 512MiB}, {@code 1GiB}, {@code 500MB}).
 */
public record ChunkBounds(
        long maxRows,
        @JsonDeserialize(using = ConfigScalars.ByteSizeDeserializer.class) long maxBytes) {

    public static final long MIN_ROWS = 1_000;
    public static final long MAX_ROWS = 50_000_000;
    public static final long MIN_BYTES = 1L << 20;        // 1 MiB
    public static final long MAX_BYTES = 8L << 30;        // 8 GiB
    public static final ChunkBounds DEFAULT = new ChunkBounds(2_000_000, 1L << 30);
}
