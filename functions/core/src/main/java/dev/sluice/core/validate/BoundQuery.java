package dev.sluice.core.validate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** SQL text with {@code ?} placeholders and the values to bind to them, in order (Athena execution parameters, JDBC). */
public record BoundQuery(String sql, List<Object> parameters) {

    public BoundQuery {
        Objects.requireNonNull(sql, "sql");
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters)); // key values may be null-free only
    }
}
