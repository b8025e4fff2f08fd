package dev.sluice.infra;

import dev.sluice.core.config.SluiceConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;

/** Builds test environments from src/test/resources: config/test.yaml, a tiny real jar, the test ASL, events/. */
final class TestDeployment {

    private TestDeployment() {
    }

    static Path resource(String name) {
        try {
            return Path.of(TestDeployment.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " missing", e);
        }
    }

    /** A small but real jar (one class-like entry), written into {@code dir}. */
    static Path tinyJar(Path dir) {
        Path jar = dir.resolve("sluice-lambda.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("dev/sluice/lambda/handler/README.txt"));
            zip.write("handlers live here".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    static SluiceConfig config() {
        return SluiceConfigReader.read(resource("config/test.yaml"));
    }

    static Deployment deployment(Path tempDir, boolean disposable) {
        return deployment(tempDir, config(), disposable);
    }

    static Deployment deployment(Path tempDir, SluiceConfig config, boolean disposable) {
        return new Deployment("test", resource("config/test.yaml"), config, tinyJar(tempDir),
                resource("statemachines/test-migrate-table.asl.json"), resource("events"), disposable);
    }

    /** A stage in a fresh app writing its assembly under {@code tempDir}. */
    static SluiceStage stage(Path tempDir, Deployment deployment) {
        App app = App.Builder.create().outdir(tempDir.resolve("cdk.out").toString()).build();
        return new SluiceStage(app, SluiceStage.stageId(deployment.environment()), deployment);
    }
}
