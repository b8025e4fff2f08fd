package dev.sluice.core.config;

/**
 * Validation knobs. {@code sampleSize} keys are re-read from the source and compared by row hash. Counts, sums and
 * digests are always exact; {@code floatSumTolerance} is the one tolerance a user needs: the relative difference
 * allowed between sums of {@code float}/{@code real} columns computed in different orders.
 */
public record ValidationOptions(int sampleSize, double floatSumTolerance) {

    public static final ValidationOptions DEFAULT = new ValidationOptions(100, 1e-9);
}
