package dev.sluice.core.extract;

import dev.sluice.core.config.LakeConfig;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * How a chunk's Parquet file is laid out.
 *
 * <p>Defaults, for the readers the lake serves: <b>128 MiB row groups</b> (Athena/Trino split and schedule work per
 * row group and read footers and column chunks with ranged GETs; Redshift COPY parallelises by file and row group;
 * both prefer row groups of 64-256 MiB over many small ones, and the writer buffers one compressed row group in
 * memory, so 128 MiB keeps a 1-2 GB Lambda comfortable); <b>1 MiB pages</b> (Parquet's own default: the unit of
 * compression and of page-index skipping; smaller pages cost header overhead, larger ones read more than a
 * selective scan needs), cut by that size alone: parquet-java 1.11+ also cuts a page at 20,000 rows, which left the
 * narrow columns' pages at 80-160 KB and made a lineitem-like chunk 11% larger (ZSTD compresses each page on its
 * own), while files from parquet-java before 1.11, which had no row limit, are what Athena and Redshift have always
 * read; <b>dictionary encoding on</b> (status, codes and dates repeat, and Athena and Redshift both
 * read dictionary pages; a column whose dictionary outgrows 1 MiB falls back to plain encoding by itself);
 * <b>ZSTD</b> at parquet-java's level 3 (smaller than SNAPPY at similar decode speed in Athena and Redshift; SNAPPY
 * is there for readers that lack ZSTD; on a lineitem-like chunk level 6 saved 1.7% of the bytes for 80% more
 * encoding CPU, level 9 saved less). Encodings are Parquet v1's (v1 data pages; PLAIN, dictionary, RLE): Redshift's
 * COPY and Spectrum documentation does not list the v2 pages or the DELTA and BYTE_STREAM_SPLIT encodings as
 * readable, so they are not used even where they would shrink sequential keys and timestamps.
 *
 * <p>File size (128 MB-1 GB per object is what Athena and COPY like) is not decided here: it follows from the chunk's
 * row and byte bounds, which the chunk planner sets.
 */
public record ChunkWriterSettings(LakeConfig.Codec codec, long rowGroupBytes, int pageBytes, boolean dictionary) {

    public static final long DEFAULT_ROW_GROUP_BYTES = 128L * 1024 * 1024;
    public static final int DEFAULT_PAGE_BYTES = 1024 * 1024;

    public ChunkWriterSettings {
        codec = codec == null ? LakeConfig.Codec.ZSTD : codec;
        if (rowGroupBytes < pageBytes || pageBytes < 64 * 1024) {
            throw new IllegalArgumentException("row group bytes " + rowGroupBytes + " and page bytes " + pageBytes
                    + ": pages must be at least 64 KiB and no larger than a row group");
        }
    }

    /** The defaults above with {@code codec} (ZSTD when null). */
    public static ChunkWriterSettings defaults(LakeConfig.Codec codec) {
        return new ChunkWriterSettings(codec, DEFAULT_ROW_GROUP_BYTES, DEFAULT_PAGE_BYTES, true);
    }

    CompressionCodecName compression() {
        return switch (codec) {
            case ZSTD -> CompressionCodecName.ZSTD;
            case SNAPPY -> CompressionCodecName.SNAPPY;
        };
    }
}
