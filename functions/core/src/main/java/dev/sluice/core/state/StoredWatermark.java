package dev.sluice.core.state;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The committed watermark of a table as read from {@code watermark.json}: its body (opaque here; the watermark
 * model defines it) and the ETag a commit must match.
 */
public record StoredWatermark(JsonNode body, String etag) {
}
