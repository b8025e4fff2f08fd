package dev.sluice.core.types;

import dev.sluice.core.config.Engine;
import dev.sluice.core.source.SourceColumn;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/TYPES.md's mapping table says what the code does: every row is re-mapped and compared cell by cell. */
class TypesDocTest {

    private static final Pattern DECLARED = Pattern.compile("(\\w+)(?:\\((max|-?\\d+)(?:,(-?\\d+))?\\))?(\\[])?");

    @Test
    void mappingTableMatchesTheCode() throws Exception {
        Path doc = Path.of("../../docs/TYPES.md");
        List<String> rows = Files.readAllLines(doc).stream()
                .filter(l -> l.startsWith("| sqlserver |") || l.startsWith("| postgresql |"))
                .toList();

        assertThat(rows).as("rows in the mapping table of %s", doc).hasSizeGreaterThan(70);
        List<String> mismatches = new ArrayList<>();
        for (String row : rows) {
            String[] cell = row.substring(2, row.length() - 2).split(" \\| ");
            Engine engine = cell[0].equals("sqlserver") ? Engine.SQLSERVER : Engine.POSTGRESQL;
            String declared = cell[1].replace("`", "");
            ColumnMapping m = TypeMapping.of(engine).map(column(declared), null);
            String actual = String.join(" | ", cell[0], "`" + m.declaredType() + "`", m.describeParquet(),
                    m.describeGlue(), m.describeRedshift(), m.fidelity().name(),
                    m.readKind() == null ? "-" : m.readKind().name(),
                    m.projection() == null ? "-" : m.projection().name());
            if (!actual.equals(String.join(" | ", cell))) {
                mismatches.add("doc:  " + row + "\ncode: | " + actual + " |");
            }
        }
        assertThat(mismatches).as("docs/TYPES.md rows that differ from TypeMapping").isEmpty();
    }

    /** A column from a declared type such as {@code nvarchar(max)}, {@code numeric(3,-2)} or {@code int4[]}. */
    private static SourceColumn column(String declared) {
        Matcher m = DECLARED.matcher(declared);
        assertThat(m.matches()).as("declared type %s", declared).isTrue();
        String type = m.group(4) != null ? "_" + m.group(1) : m.group(1);
        int precision = m.group(2) == null || m.group(2).equals("max") ? -1 : Integer.parseInt(m.group(2));
        int scale = m.group(3) != null ? Integer.parseInt(m.group(3)) : (m.group(2) == null ? -1 : 0);
        return new SourceColumn("c", 1, type, precision, scale, true);
    }
}
