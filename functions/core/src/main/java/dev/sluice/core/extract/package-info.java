/**
 * Extracting one chunk: a source {@code ResultSet} read with primitive JDBC getters, converted per the type mapping
 * ({@code docs/TYPES.md}), hashed per row ({@code docs/ROW_HASH.md}) and written as one Parquet object in a single
 * pass that also accumulates the chunk's statistics for its manifest.
 *
 * <p>Entry points: {@link dev.sluice.core.extract.ChunkExtractor} (the chunk writer; the ExtractChunk step around it
 * is {@code dev.sluice.core.extract.chunk}), {@link
 * dev.sluice.core.extract.ChunkRequest} (what to extract), {@link dev.sluice.core.extract.ChunkExtraction} (what came
 * out, and the manifest), {@link dev.sluice.core.extract.ParquetSchemas} (the lake schema of a chunk), {@link
 * dev.sluice.core.extract.RowHasher} and {@link dev.sluice.core.extract.SourceRowHasher} (the row hash, for the
 * source sample check).
 */
package dev.sluice.core.extract;
