package dev.sluice.core.extract.chunk;

import dev.sluice.core.extract.ChunkExtraction;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.state.SchemaDrift;
import java.util.Optional;

/**
 * What extracting one chunk produced: its committed manifest and whether this invocation read the source.
 *
 * @param manifest   the chunk's manifest as stored (an earlier attempt's when this was a repeat)
 * @param extracted  false when the chunk was already committed and its object intact, so nothing was read
 * @param extraction this invocation's extraction (timings, float sums), empty when skipped
 * @param drift      what changed in the schema since planning and was allowed (empty when skipped)
 */
public record ChunkOutcome(ChunkManifest manifest, boolean extracted, Optional<ChunkExtraction> extraction,
                           Optional<SchemaDrift.Report> drift) {
}
