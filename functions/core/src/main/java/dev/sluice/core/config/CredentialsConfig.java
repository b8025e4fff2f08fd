package dev.sluice.core.config;

/**
 * Where a password comes from. In AWS, {@code secretArn} names a Secrets Manager secret whose value is JSON
 * ({@code {"username": ..., "password": ...}}). Locally, {@code env} names an environment variable holding the same
 * JSON. At least one is set; the values themselves never appear in config, logs or messages.
 */
public record CredentialsConfig(String secretArn, String env) {
}
