package dev.sluice.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local Lambda endpoint and a runner on this machine's node, for the runner's integration tests. */
final class RunnerFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final LocalLambdaEndpoint endpoint = LocalLambdaEndpoint.start();
    final List<String> nodeLog = new CopyOnWriteArrayList<>();
    final LocalStateMachineRunner runner = new LocalStateMachineRunner(endpoint, NodeRuntime.locate(), nodeLog::add);

    /** A toy definition from this package's test resources. */
    static Path definition(String file) {
        try {
            return Path.of(RunnerFixture.class.getResource(file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        runner.close();
        endpoint.close();
    }
}
