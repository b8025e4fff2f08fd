package dev.sluice.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sluice.core.config.SluiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code config/<env>.yaml} for the CDK app. This is the single place infra turns a config file into a
 * {@link SluiceConfig}; it is an interim reader (plain Jackson YAML binding) until
 * {@code dev.sluice.core.config.ConfigLoader} lands in main, when {@link #read(Path)} will delegate to it and
 * translate its {@code ConfigException} into a {@link SynthException} carrying the validator's message.
 */
final class SluiceConfigReader {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SluiceConfigReader() {
    }

    static SluiceConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SynthException("Config file " + file + " does not exist; create it (see config/prod.example.yaml)"
                    + " or point the environment at another file in cdk.json context 'sluice:environments'.");
        }
        try {
            SluiceConfig config = YAML.readValue(file.toFile(), SluiceConfig.class);
            if (config == null) {
                throw new SynthException("Config file " + file + " is empty; it needs at least environment, lake and tables.");
            }
            return config;
        } catch (JsonProcessingException e) {
            throw new SynthException("Config file " + file + " is invalid: " + e.getOriginalMessage()
                    + locationOf(e) + "; fix the YAML there.", e);
        } catch (IOException e) {
            throw new SynthException("Config file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
