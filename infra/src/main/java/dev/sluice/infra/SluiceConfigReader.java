package dev.sluice.infra;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.ConfigLoader;
import dev.sluice.core.config.SluiceConfig;
import java.nio.file.Path;

/**
 * Reads {@code config/<env>.yaml} for the CDK app through {@link ConfigLoader}, the same loader and validator as
 * {@code sluice plan} and the Lambda cold start, so an invalid config fails synth with the validator's messages
 * (file, path in it, fix), one per line.
 */
final class SluiceConfigReader {

    private SluiceConfigReader() {
    }

    static SluiceConfig read(Path file) {
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            throw new SynthException("Config " + file + " is invalid:\n" + e.getMessage(), e);
        }
    }
}
