package dev.sluice.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/** The one shaded jar every function runs from ({@code functions/lambda/target/sluice-lambda.jar} by default). */
public final class LambdaJar {

    public static final String BUILD_COMMAND = "./mvnw -pl functions/lambda -am package";

    private LambdaJar() {
    }

    /** Returns the jar's path after checking it is a readable jar; fails synth saying how to build it. */
    public static Path require(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new SynthException("Lambda jar " + jar + " is missing: run `" + BUILD_COMMAND + "` first"
                    + " (or pass another with -c " + DeploymentSelection.LAMBDA_JAR + "=<path>).");
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.size() == 0) {
                throw new SynthException("Lambda jar " + jar + " is empty: rebuild it with `" + BUILD_COMMAND + "`.");
            }
        } catch (IOException e) {
            throw new SynthException("Lambda jar " + jar + " is not a readable jar (" + e.getMessage() + "): rebuild it"
                    + " with `" + BUILD_COMMAND + "`.", e);
        }
        return jar;
    }
}
