package dev.sluice.local.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root (where {@code statemachines/} is) of the tests that run the real state machine. */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /** The nearest directory at or above the test's working directory holding {@code statemachines/}. */
    public static Path find() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("statemachines"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no statemachines/ at or above " + start + ": run the tests from the repository");
    }
}
