package dev.sluice.local.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows of cells printed as aligned columns for a terminal: each column as wide as its widest cell (counted in code
 * points, so accented and astral-plane names line up), two spaces apart, right-aligned where asked (numbers).
 * Styling (colour) is applied after padding, so escape codes never disturb the alignment.
 */
final class TextTable {

    private final List<String> header;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> rowStyles = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
        this.rightAligned = new boolean[header.length];
    }

    TextTable alignRight(int... columns) {
        for (int column : columns) {
            rightAligned[column] = true;
        }
        return this;
    }

    TextTable row(Object... cells) {
        return styledRow(null, cells);
    }

    /** A row whose text is shown in {@code style} (a {@link TerminalStyle} role), e.g. a blocking column in red. */
    TextTable styledRow(String style, Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row of " + header.size() + " cells expected, got " + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "" : cell.toString());
        }
        rows.add(row);
        rowStyles.add(style);
        return this;
    }

    /** The table, each line prefixed by {@code indent}, header in bold when {@code style} allows. */
    String render(String indent, TerminalStyle style) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = length(header.get(i));
        }
        for (List<String> row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], length(row.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(indent).append(style.bold(line(header, width))).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            String line = line(rows.get(r), width);
            out.append(indent).append(rowStyles.get(r) == null ? line : style.apply(rowStyles.get(r), line))
                    .append('\n');
        }
        return out.toString();
    }

    private String line(List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(width[i] - length(cell));
            if (i > 0) {
                line.append("  ");
            }
            line.append(rightAligned[i] ? pad + cell : cell + (i == cells.size() - 1 ? "" : pad));
        }
        return line.toString().stripTrailing();
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
