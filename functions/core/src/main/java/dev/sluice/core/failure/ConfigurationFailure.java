package dev.sluice.core.failure;

/** The config, or something it names (table, column, crawler, workgroup), is wrong; retrying cannot help. */
public final class ConfigurationFailure extends SluiceFailure {

    public ConfigurationFailure(String message) {
        super(message, null);
    }

    public ConfigurationFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.CONFIGURATION;
    }
}
