package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsAlignByCodePointsAndNumbersAlignRight() {
        String text = new TextTable("NAME", "ROWS").alignRight(1)
                .row("𝒥𝑜𝒽𝓃", 5)
                .row("orders", 120_000)
                .render("  ", new TerminalStyle(false));
        assertThat(text).isEqualTo("""
                  NAME      ROWS
                  𝒥𝑜𝒽𝓃         5
                  orders  120000
                """);
    }

    @Test
    void colourWrapsPaddedCellsOnlyWhenEnabled() {
        TextTable table = new TextTable("A", "B").styledRow(TerminalStyle.BAD, "x", "y");
        assertThat(table.render("", new TerminalStyle(false))).doesNotContain("\u001b[");
        String coloured = table.render("", new TerminalStyle(true));
        assertThat(coloured).contains("\u001b[1mA  B\u001b[0m").contains("\u001b[1;31mx  y\u001b[0m");
    }

    @Test
    void noColourWhenNoColorIsSetOrStdoutIsNotATerminal() {
        assertThat(new CliEnvironment(java.util.Map.of(), java.nio.file.Path.of("."), true).colour()).isTrue();
        assertThat(new CliEnvironment(java.util.Map.of("NO_COLOR", ""), java.nio.file.Path.of("."), true).colour())
                .isFalse();
        assertThat(new CliEnvironment(java.util.Map.of(), java.nio.file.Path.of("."), false).colour()).isFalse();
    }
}
