package dev.sluice.core.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.lake.RowHashDigest;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a chunk's rows add up to, accumulated in the one pass that writes them: the expected values validation
 * reconciles the lake against (DESIGN.md, "Validation").
 *
 * @param rowCount      rows written
 * @param keyMin        the first row's key (rows arrive ordered by key): a JSON array, one element per key column
 *                      (see {@code ChunkRowReader#lastKey}); null when there are no rows
 * @param keyMax        the last row's key, same form; null when there are no rows
 * @param nullCounts    NULLs per lake column (a companion column counts its value column's NULLs)
 * @param exactSums     exact sums of integer and decimal columns as plain decimal text (integers sum in a long and
 *                      move to a BigInteger on overflow; decimals sum their unscaled values the same way), by lake
 *                      column; rowversion is a counter and is not summed
 * @param floatSums     sums of float/real/double columns in double arithmetic, by lake column. They depend on the
 *                      order of addition and on NaN/infinities, so they are compared with a relative tolerance, and
 *                      they are not part of {@link #exactSums} (nor of the manifest's exact {@code sums})
 * @param rowHashDigest the order-independent digest of the rows' {@code _sluice_row_hash}
 */
public record ChunkStatistics(long rowCount, JsonNode keyMin, JsonNode keyMax, Map<String, Long> nullCounts,
                              Map<String, String> exactSums, Map<String, Double> floatSums,
                              RowHashDigest rowHashDigest) {

    public ChunkStatistics {
        nullCounts = Collections.unmodifiableSortedMap(new TreeMap<>(nullCounts));
        exactSums = Collections.unmodifiableSortedMap(new TreeMap<>(exactSums));
        floatSums = Collections.unmodifiableSortedMap(new TreeMap<>(floatSums));
    }
}
