package dev.sluice.core.failure;

/** The table's columns changed in a way its schema policy does not allow, or the catalog disagrees with the type mapping. */
public final class SchemaDriftFailure extends SluiceFailure {

    public SchemaDriftFailure(String message) {
        super(message, null);
    }

    public SchemaDriftFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.SCHEMA_DRIFT;
    }
}
