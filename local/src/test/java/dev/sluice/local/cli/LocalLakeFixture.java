package dev.sluice.local.cli;

import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.state.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local lake written for tests: the core stores write into {@link #store()} (in memory, with S3's conditional
 * writes), and {@link #flush()} lays every object out as S3Proxy's filesystem store does, {@code
 * <dir>/.sluice/lake/<bucket>/<key>}.
 */
final class LocalLakeFixture {

    static final String BUCKET = "sluice-test-lake";

    private final Path workingDirectory;
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final LakeLayout layout = new LakeLayout(BUCKET, null, null);

    LocalLakeFixture(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    ObjectStore store() {
        return store;
    }

    LakeLayout layout() {
        return layout;
    }

    Path bucketDirectory() {
        return workingDirectory.resolve(".sluice/lake").resolve(BUCKET);
    }

    /** Writes every object of the store to its file. */
    void flush() {
        try {
            for (ObjectStore.ObjectInfo info : store.listAll("")) {
                Path file = bucketDirectory().resolve(info.key());
                Files.createDirectories(file.getParent());
                Files.write(file, store.get(info.key()).orElseThrow().bytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
