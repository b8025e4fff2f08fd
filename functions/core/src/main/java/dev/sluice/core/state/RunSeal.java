package dev.sluice.core.state;

import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.RowHashDigest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Seals a run: checks the chunk manifests found in the lake against the plan and folds them into the
 * {@link RunManifest}. A pure function; {@link RunLedger} and the sealing step do the I/O.
 */
public final class RunSeal {

    private static final int NAMED_IN_MESSAGE = 20;

    private RunSeal() {
    }

    /**
     * The run manifest of {@code runId}, from the manifests of exactly the {@code plannedChunkIds}.
     *
     * @param expectedSchemaFingerprint the fingerprint the plan was made with, or null to require only that all
     *                                  chunks agree
     * @throws SealException naming missing, extra and inconsistent chunk ids
     */
    public static RunManifest seal(String runId, String source, String table, Collection<String> plannedChunkIds,
            String expectedSchemaFingerprint, Collection<ChunkManifest> manifests) {
        Objects.requireNonNull(runId, "runId");
        Set<String> planned = new TreeSet<>(plannedChunkIds);
        Map<String, ChunkManifest> byChunk = new TreeMap<>();
        List<String> inconsistent = new ArrayList<>();
        for (ChunkManifest manifest : manifests) {
            if (byChunk.put(manifest.chunkId(), manifest) != null) {
                inconsistent.add(manifest.chunkId());
            }
        }
        List<String> missing = planned.stream().filter(id -> !byChunk.containsKey(id)).toList();
        List<String> extra = byChunk.keySet().stream().filter(id -> !planned.contains(id)).toList();

        String fingerprint = expectedSchemaFingerprint != null ? expectedSchemaFingerprint
                : majorityFingerprint(byChunk.values());
        for (ChunkManifest manifest : byChunk.values()) {
            if (!manifest.schemaFingerprint().equals(fingerprint) || !manifest.runId().equals(runId)
                    || !manifest.table().equals(table) || !manifest.source().equals(source)) {
                inconsistent.add(manifest.chunkId());
            }
        }
        if (!missing.isEmpty() || !extra.isEmpty() || !inconsistent.isEmpty()) {
            StringBuilder message = new StringBuilder("cannot seal run ").append(runId).append(" of ")
                    .append(source).append('/').append(table).append(':');
            if (!missing.isEmpty()) {
                message.append(' ').append(missing.size()).append(" planned chunk(s) have no manifest ")
                        .append(named(missing)).append(" (those chunks did not finish: redrive the run);");
            }
            if (!extra.isEmpty()) {
                message.append(' ').append(extra.size()).append(" chunk manifest(s) are not in the plan ")
                        .append(named(extra)).append(" (written under another plan of the same run id: "
                                + "rerun the window);");
            }
            if (!inconsistent.isEmpty()) {
                message.append(' ').append(inconsistent.size())
                        .append(" chunk(s) disagree with the run on schema fingerprint ").append(fingerprint)
                        .append(", run id or table ").append(named(inconsistent))
                        .append(" (the source schema changed during the run: rerun the window);");
            }
            throw new SealException(message.toString(), missing, extra, inconsistent);
        }

        long rows = 0;
        long bytes = 0;
        RowHashDigest digest = RowHashDigest.EMPTY;
        SortedMap<String, Long> nulls = new TreeMap<>();
        SortedMap<String, BigDecimal> sums = new TreeMap<>();
        SortedMap<String, Double> floatSums = new TreeMap<>();
        List<RunManifest.Chunk> chunks = new ArrayList<>();
        for (ChunkManifest manifest : byChunk.values()) {
            rows = Math.addExact(rows, manifest.rowCount());
            bytes = Math.addExact(bytes, manifest.bytes());
            digest = digest.merge(manifest.rowHashDigest());
            manifest.nullCounts().forEach((column, n) -> nulls.merge(column, n, Long::sum));
            manifest.sums().forEach((column, s) -> sums.merge(column, new BigDecimal(s), BigDecimal::add));
            manifest.floatSums().forEach((column, s) -> floatSums.merge(column, Double.parseDouble(s), Double::sum));
            chunks.add(new RunManifest.Chunk(manifest.chunkId(), manifest.objectKey(), manifest.rowCount(),
                    manifest.bytes(), manifest.etag()));
        }
        SortedMap<String, String> sumText = new TreeMap<>();
        sums.forEach((column, s) -> sumText.put(column, s.toPlainString()));
        SortedMap<String, String> floatText = new TreeMap<>();
        floatSums.forEach((column, s) -> floatText.put(column, ChunkManifest.floatSumText(s)));
        return new RunManifest(runId, source, table, fingerprint, rows, bytes, digest, nulls, sumText, floatText,
                chunks);
    }

    private static String majorityFingerprint(Collection<ChunkManifest> manifests) {
        return manifests.stream()
                .collect(Collectors.groupingBy(ChunkManifest::schemaFingerprint, TreeMap::new, Collectors.counting()))
                .entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse("none");
    }

    private static String named(List<String> ids) {
        List<String> sorted = ids.stream().sorted().distinct().toList();
        return sorted.size() <= NAMED_IN_MESSAGE ? sorted.toString()
                : sorted.subList(0, NAMED_IN_MESSAGE) + " and " + (sorted.size() - NAMED_IN_MESSAGE) + " more";
    }
}
