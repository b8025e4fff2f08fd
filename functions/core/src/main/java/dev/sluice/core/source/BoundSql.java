package dev.sluice.core.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A SQL statement as sent to the source, with its parameters in order. Identifiers in {@code sql} are quoted from
 * validated names; every value is a parameter (JDBC-ready: {@code String}, {@code Long}, {@code LocalDateTime},
 * {@code byte[]}, ...), never part of the text.
 */
public record BoundSql(String sql, List<Object> parameters) {

    public BoundSql {
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters)); // allows null parameters
    }

    public static BoundSql of(String sql, Object... parameters) {
        return new BoundSql(sql, List.of(parameters));
    }
}
