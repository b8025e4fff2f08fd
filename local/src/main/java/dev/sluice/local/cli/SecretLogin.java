package dev.sluice.local.cli;

import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.failure.SluiceFailure;
import dev.sluice.core.source.SourceCredentials;
import dev.sluice.lambda.aws.AwsClientFactory;
import dev.sluice.lambda.aws.AwsClientSettings;
import dev.sluice.lambda.aws.SecretsManagerCredentials;
import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * A source login read in local mode from the Secrets Manager secret that {@code credentials.secretArn} names (the
 * same secret the deployed functions read), with the caller's own AWS credentials (profile, SSO, environment), for a
 * source whose config has no {@code credentials.env}. This is what lets on-call run {@code sluice plan} against an
 * environment's config as it is deployed. The region is the secret ARN's; {@code SLUICE_SECRETSMANAGER_ENDPOINT}
 * overrides the endpoint (LocalStack, tests). Messages name the ARN and the config path, never the value.
 */
final class SecretLogin {

    private SecretLogin() {
    }

    static SourceCredentials read(SourceConfig source, int sourceIndex, CliEnvironment environment) {
        String path = "sources[" + sourceIndex + "].credentials.secretArn";
        String arn = source.credentials().secretArn();
        String[] parts = arn.split(":", 7);
        if (parts.length < 7 || !parts[2].equals("secretsmanager") || parts[3].isBlank()) {
            throw CommandFailure.badInput(path + " is '" + arn + "', not a Secrets Manager secret ARN "
                    + "(arn:aws:secretsmanager:<region>:<account>:secret:<name>): fix it");
        }
        URI endpoint = environment.variable(AwsClientSettings.SECRETSMANAGER_ENDPOINT)
                .filter(value -> !value.isBlank()).map(value -> URI.create(value.strip())).orElse(null);
        AwsClientSettings settings = new AwsClientSettings(Region.of(parts[3]), null, false,
                DefaultCredentialsProvider.builder().build()).withSecretsManagerEndpoint(endpoint);
        try (AwsClientFactory clients = new AwsClientFactory(settings)) {
            return new SecretsManagerCredentials(clients.secretsManager(), Clock.systemUTC(),
                    SecretsManagerCredentials.DEFAULT_TTL).credentials(source.name(), arn);
        } catch (SluiceFailure | SdkException e) {
            throw CommandFailure.badInput(path + ": " + SourceFailures.oneLine(e.getMessage()) + ". Local mode reads "
                    + "the secret with your AWS credentials: sign in (e.g. aws sso login, or AWS_PROFILE), or set "
                    + "sources[" + sourceIndex + "].credentials.env to read the login from an environment variable");
        }
    }
}
