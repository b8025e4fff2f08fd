package dev.sluice.core.extract;

/**
 * Raised by a {@link LakeValues} conversion for a value the mapping cannot carry; the column reader turns it into a
 * {@link ChunkValueException} naming table, column, chunk and key.
 */
final class ValueProblem extends RuntimeException {

    private final String fix;

    ValueProblem(String problem, String fix) {
        super(problem, null, false, false);
        this.fix = fix;
    }

    String fix() {
        return fix;
    }
}
