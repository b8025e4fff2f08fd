package dev.sluice.core.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.state.RunManifest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Redshift COPY manifest of one run ({@code copy.manifest} beside {@code run.json}): every chunk object the run
 * sealed, as {@code {"url": "s3://bucket/key", "mandatory": true, "meta": {"content_length": bytes}}}. Redshift
 * needs {@code content_length} for Parquet in a manifest, and {@code mandatory} makes a missing object fail the
 * COPY instead of loading fewer rows. Deterministic from {@code run.json}, so a rewrite is byte-identical.
 */
public final class CopyManifest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private CopyManifest() {
    }

    /** The manifest's JSON for the chunks of {@code run} in {@code bucket}, in chunk id order. */
    public static String json(String bucket, RunManifest run) {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name");
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode entries = root.putArray("entries");
        List<RunManifest.Chunk> chunks = run.chunks().stream()
                .sorted(java.util.Comparator.comparing(RunManifest.Chunk::chunkId)).toList();
        for (RunManifest.Chunk chunk : chunks) {
            ObjectNode entry = entries.addObject();
            entry.put("url", "s3://" + bucket + "/" + chunk.objectKey());
            entry.put("mandatory", true);
            entry.putObject("meta").put("content_length", chunk.bytes());
        }
        return root.toString();
    }
}
