package dev.sluice.core.source;

import java.util.Objects;

/** A login to a source, resolved from its secret at run time. Its {@link #toString()} never shows the password. */
public record SourceCredentials(String username, String password) {

    public SourceCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "SourceCredentials[username=" + username + ", password=***]";
    }
}
