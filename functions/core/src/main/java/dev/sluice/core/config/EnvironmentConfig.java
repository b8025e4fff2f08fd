package dev.sluice.core.config;

/** The AWS environment a config deploys to: {@code name} picks the stage, account and region pin it. */
public record EnvironmentConfig(String name, String account, String region) {
}
