package dev.sluice.lambda.aws.testing;

import java.util.Locale;
import org.testcontainers.DockerClientFactory;

/** Resolves {@link AwsWorld#selection()} once per JVM (the Docker check is only made when it matters). */
final class WorldSelection {

    private WorldSelection() {
    }

    /** This JVM's selection, made on first use. */
    static AwsWorld.Selection selected() {
        return Selected.SELECTION;
    }

    private static final class Selected {
        static final AwsWorld.Selection SELECTION = select(System.getProperty(AwsWorld.WORLD_PROPERTY, "auto"));
    }

    static AwsWorld.Selection select(String property) {
        String value = property == null || property.isBlank() ? "auto" : property.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "standins", "stand-ins" -> new AwsWorld.Selection(AwsWorld.Kind.STAND_INS,
                    AwsWorld.WORLD_PROPERTY + "=standins (the default build; -Plocalstack selects LocalStack)");
            case "localstack", "auto" -> {
                boolean docker = dockerAvailable();
                if (docker) {
                    yield new AwsWorld.Selection(AwsWorld.Kind.LOCALSTACK, "a Docker engine is available");
                }
                yield new AwsWorld.Selection(AwsWorld.Kind.STAND_INS, "no Docker engine is available (Testcontainers"
                        + " found none: start Docker, or set DOCKER_HOST, to run against LocalStack)");
            }
            default -> throw new IllegalArgumentException(AwsWorld.WORLD_PROPERTY + " is '" + property
                    + "': use standins, localstack or auto");
        };
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
