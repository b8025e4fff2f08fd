package dev.sluice.local.cli;

import dev.sluice.core.config.SourceConfig;
import java.sql.SQLException;

/**
 * Turns a failure to open a source connection into the one line a data engineer needs: which source, what went
 * wrong (unreachable, login rejected, no such database, no driver) and what to change. JDBC URLs are shown
 * without their query part, and logins never.
 */
final class SourceFailures {

    private SourceFailures() {
    }

    static CommandFailure connect(SourceConfig source, int index, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = "source " + source.name() + " (" + redact(source.jdbcUrl()) + ")";
        String cause = oneLine(e.getMessage());
        if (state.startsWith("28")) {
            return CommandFailure.badInput(where + " rejected the login: " + cause + ". Fix: correct the username "
                    + "and password in environment variable " + source.credentials().env(), e);
        }
        if (state.equals("3D000")) {
            return CommandFailure.badInput(where + ": " + cause + ". Fix: name an existing database in sources["
                    + index + "].jdbcUrl", e);
        }
        if (cause.startsWith("No suitable driver")) {
            return CommandFailure.badInput(where + ": no JDBC driver accepts this URL. Fix: sources[" + index
                    + "].jdbcUrl must start with jdbc:postgresql:// or jdbc:sqlserver://", e);
        }
        if (state.startsWith("08")) {
            return CommandFailure.badInput(where + " is unreachable: " + cause + ". Fix: check sources[" + index
                    + "].jdbcUrl and that the database is running and reachable from this machine", e);
        }
        return CommandFailure.badInput(where + " refused the connection (SQLState " + state + "): " + cause
                + ". Fix: check sources[" + index + "] and the login's grants", e);
    }

    /** The URL up to its query or property part, without any user info: safe for messages. */
    static String redact(String url) {
        if (url == null) {
            return "";
        }
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return url.substring(0, cut).replaceAll("//[^/@]*@", "//");
    }

    static String oneLine(String message) {
        if (message == null) {
            return "no detail from the driver";
        }
        String line = message.replaceAll("\\s*\\R\\s*", " ").strip();
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
