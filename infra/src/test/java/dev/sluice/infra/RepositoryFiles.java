package dev.sluice.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's own files the infra tests check (statemachines/, events/, config/, cdk.json), read from the
 * repository root: Maven runs the infra tests in {@code infra/}, so the root is its parent.
 */
final class RepositoryFiles {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path MIGRATE_TABLE_ASL = ROOT.resolve(DeploymentSelection.DEFAULT_STATE_MACHINE);
    static final Path EVENTS = ROOT.resolve(DeploymentSelection.DEFAULT_EVENTS);
    static final Path RUN_REQUEST_SCHEMA = EVENTS.resolve("run-request.schema.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private RepositoryFiles() {
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(ROOT.relativize(file) + " is not readable JSON", e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
