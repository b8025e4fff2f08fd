package dev.sluice.core.validate;

/**
 * A half-open range of keys, {@code [lower, upper)}, within one chunk; a null bound is open.
 */
public record KeyRange(Key lower, Key upper) {

    public static final KeyRange ALL = new KeyRange(null, null);

    @Override
    public String toString() {
        return "[" + (lower == null ? "-inf" : lower.display()) + ", " + (upper == null ? "+inf" : upper.display())
                + ")";
    }
}
