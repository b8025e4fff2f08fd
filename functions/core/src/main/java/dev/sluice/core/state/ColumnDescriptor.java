package dev.sluice.core.state;

/**
 * A column as schema drift sees it: its name, its type as text (the lake type, e.g. {@code decimal(18,2)}) and
 * whether it may be null. Names and types compare case-insensitively.
 */
public record ColumnDescriptor(String name, String type, boolean nullable) {

    public ColumnDescriptor {
        if (name == null || name.isBlank() || type == null || type.isBlank()) {
            throw new IllegalArgumentException("a column descriptor needs a name and a type, got " + name + " "
                    + type);
        }
    }
}
