package dev.sluice.local.demo;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Rows streamed into one PostgreSQL {@code COPY ... FROM STDIN} in the text format: fields separated by tabs, rows
 * by newlines, {@code \N} for NULL, and backslash, tab, newline and carriage return escaped inside values. Bytes are
 * buffered and handed to the driver in blocks, so a load never holds a table in memory.
 */
final class CopyTextRows implements AutoCloseable {

    private static final int FLUSH_AT = 1 << 16;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);
    private boolean firstField = true;
    private long rows;

    CopyTextRows(CopyIn copy) {
        this.copy = copy;
    }

    CopyTextRows nul() {
        separator();
        buffer.append("\\N");
        return this;
    }

    /** A value in PostgreSQL's text input form for the column's type; {@code null} writes NULL. */
    CopyTextRows value(Object value) {
        if (value == null) {
            return nul();
        }
        separator();
        String text = value.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                default -> buffer.append(c);
            }
        }
        return this;
    }

    void endRow() throws SQLException {
        buffer.append('\n');
        firstField = true;
        rows++;
        if (buffer.length() >= FLUSH_AT) {
            flush();
        }
    }

    long rows() {
        return rows;
    }

    private void separator() {
        if (!firstField) {
            buffer.append('\t');
        }
        firstField = false;
    }

    private void flush() throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    /** Sends what is buffered and ends the COPY; returns the rows the server reports as loaded. */
    long finish() throws SQLException {
        flush();
        return copy.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
