package dev.sluice.core.extract;

import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output that keeps nothing and counts what is written: the size a chunk's Parquet would have, for the
 * plan's sample chunk (compression ratio and speed without touching the lake) and for benchmarks.
 */
public final class CountingOutputFile implements OutputFile {

    private long size;

    /** Bytes written since the last create. */
    public long size() {
        return size;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return createOrOverwrite(blockSizeHint);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        size = 0;
        return new PositionOutputStream() {
            @Override
            public long getPos() {
                return size;
            }

            @Override
            public void write(int b) {
                size++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                size += len;
            }
        };
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }
}
