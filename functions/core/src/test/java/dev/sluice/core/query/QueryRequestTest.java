package dev.sluice.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryRequestTest {

    @Test
    void aQueryWithoutParametersHasNone() {
        assertThat(new QueryRequest("r1", "chunk-measures", "SELECT 1", "primary", "db").parameters()).isEmpty();
    }

    @Test
    void everyPlaceholderNeedsOneParameter() {
        QueryRequest request = new QueryRequest("r1", "probe", "SELECT 1 WHERE a = ? AND b < ?", "primary", "db",
                List.of("c1", 42L));
        assertThat(request.parameters()).containsExactly("c1", 42L);
        assertThatThrownBy(() -> new QueryRequest("r1", "probe", "SELECT 1 WHERE a = ?", "primary", "db", List.of()))
                .hasMessageContaining("has 1 placeholders but 0 parameters");
    }
}
