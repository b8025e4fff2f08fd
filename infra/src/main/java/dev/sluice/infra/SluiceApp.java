package dev.sluice.infra;

import java.nio.file.Path;
import software.amazon.awscdk.App;

/**
 * The CDK app ({@code cdk.json} runs it through {@code bin/cdk-app.sh}): builds the one environment named by
 * {@code -c env=<name>}. Synth reads only local files and config attributes; it needs no AWS credentials.
 */
public final class SluiceApp {

    private SluiceApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            Deployment deployment = DeploymentSelection.resolve(app.getNode()::tryGetContext, Path.of(""));
            new SluiceStage(app, SluiceStage.stageId(deployment.environment()), deployment);
            app.synth();
        } catch (SynthException e) {
            System.err.println("sluice: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            // Construct validations (addValidation) fail app.synth() with every message of the environment.
            System.err.println("sluice: synth failed: " + e.getMessage());
            System.exit(2);
        }
    }
}
