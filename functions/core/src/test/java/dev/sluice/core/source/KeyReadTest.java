package dev.sluice.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyReadTest {

    private static final TableRef ORDERS = TableRef.parse("sales.order_lines");

    @Test
    void compositeKeysAreBoundEqualitiesInKeyOrder() {
        BoundSql sql = new PostgresDialect().keyRead(ORDERS, List.of(Projection.column("order_id"),
                Projection.column("line"), Projection.of("span", c -> "CAST(" + c + " AS text)")),
                List.of("order_id", "line"), List.of(List.of(7L, 1), List.of(9L, 2)));

        assertThat(sql.sql()).isEqualTo("SELECT \"order_id\", \"line\", CAST(\"span\" AS text) AS \"span\" FROM"
                + " \"sales\".\"order_lines\" WHERE (\"order_id\" = ? AND \"line\" = ?) OR (\"order_id\" = ? AND"
                + " \"line\" = ?) ORDER BY \"order_id\", \"line\"");
        assertThat(sql.parameters()).containsExactly(7L, 1, 9L, 2);
    }

    @Test
    void sqlServerQuotesWithBrackets() {
        BoundSql sql = new SqlServerDialect().keyRead(ORDERS, List.of(Projection.column("order_id")),
                List.of("order_id"), List.of(List.of(7L)));

        assertThat(sql.sql()).isEqualTo("SELECT [order_id] FROM [sales].[order_lines] WHERE ([order_id] = ?)"
                + " ORDER BY [order_id]");
    }

    @Test
    void aKeyNeedsOneValuePerKeyColumn() {
        assertThatThrownBy(() -> new PostgresDialect().keyRead(ORDERS, List.of(Projection.column("order_id")),
                List.of("order_id", "line"), List.of(List.of(7L)))).hasMessageContaining("one value per key column");
        assertThatThrownBy(() -> new PostgresDialect().keyRead(ORDERS, List.of(Projection.column("order_id")),
                List.of("order_id"), List.of())).hasMessageContaining("at least one key");
    }
}
