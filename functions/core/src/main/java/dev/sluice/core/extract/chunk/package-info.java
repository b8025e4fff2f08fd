/**
 * The ExtractChunk step of a table run: one planned chunk from the source to a committed Parquet object and chunk
 * manifest at fixed lake keys, idempotent under retries, redrives and concurrent duplicates.
 *
 * <p>Entry points: {@link dev.sluice.core.extract.chunk.ExtractChunk} (the use case), {@link
 * dev.sluice.core.extract.chunk.ChunkAssignment} (which chunk of which run), {@link
 * dev.sluice.core.extract.chunk.PlannedSchema} (the schema the run was planned with, for the drift check), {@link
 * dev.sluice.core.extract.chunk.ChunkProjections} (each projection kind rendered per dialect), {@link
 * dev.sluice.core.extract.chunk.ChunkOutcome} and {@link dev.sluice.core.extract.chunk.ExtractChunkException} (what
 * came out, or a failure classified for retry).
 */
package dev.sluice.core.extract.chunk;
