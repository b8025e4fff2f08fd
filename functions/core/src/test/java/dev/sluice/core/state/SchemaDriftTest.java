package dev.sluice.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.SchemaPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaDriftTest {

    private static final List<ColumnDescriptor> BEFORE = List.of(
            new ColumnDescriptor("id", "bigint", false),
            new ColumnDescriptor("amount", "decimal(18,2)", true),
            new ColumnDescriptor("note", "string", true));

    private static List<ColumnDescriptor> with(ColumnDescriptor... extra) {
        List<ColumnDescriptor> columns = new java.util.ArrayList<>(BEFORE);
        columns.addAll(List.of(extra));
        return columns;
    }

    @Test
    void anUnchangedSchemaIgnoringCaseAndSpacesIsUnchanged() {
        List<ColumnDescriptor> same = List.of(new ColumnDescriptor("ID", "BIGINT", false),
                new ColumnDescriptor("Amount", "DECIMAL(18, 2)", true), new ColumnDescriptor("note", "string", true));

        assertThat(SchemaDrift.compare("sales.orders", BEFORE, same, SchemaPolicy.FAIL).unchanged()).isTrue();
    }

    @Test
    void aNewNullableColumnEvolvesOrFailsByPolicy() {
        ColumnDescriptor added = new ColumnDescriptor("channel", "string", true);

        SchemaDrift.Report report = SchemaDrift.compare("sales.orders", BEFORE, with(added), SchemaPolicy.EVOLVE);

        assertThat(report.added()).containsExactly(added);
        assertThat(report.notes()).singleElement().asString().contains("channel");
        assertThatThrownBy(() -> SchemaDrift.compare("sales.orders", BEFORE, with(added), SchemaPolicy.FAIL))
                .isInstanceOf(SchemaDriftException.class)
                .hasMessageContaining("'channel'").hasMessageContaining("schemaPolicy: evolve");
    }

    @Test
    void droppedChangedAndNewNotNullColumnsFailUnderEitherPolicyNamingEachColumn() {
        List<ColumnDescriptor> after = List.of(
                new ColumnDescriptor("id", "bigint", false),
                new ColumnDescriptor("amount", "decimal(20,4)", true),
                new ColumnDescriptor("region", "string", false));

        assertThatThrownBy(() -> SchemaDrift.compare("sales.orders", BEFORE, after, SchemaPolicy.EVOLVE))
                .isInstanceOf(SchemaDriftException.class)
                .satisfies(e -> assertThat(((SchemaDriftException) e).problems()).satisfiesExactly(
                        p -> assertThat(p).contains("'amount'").contains("decimal(18,2) to decimal(20,4)")
                                .contains("column override"),
                        p -> assertThat(p).contains("'note'").contains("dropped"),
                        p -> assertThat(p).contains("'region'").contains("NOT NULL")));
    }

    @Test
    void nullabilityTighteningIsReportedAndRelaxingFails() {
        List<ColumnDescriptor> tightened = List.of(new ColumnDescriptor("id", "bigint", false),
                new ColumnDescriptor("amount", "decimal(18,2)", false), new ColumnDescriptor("note", "string", true));
        List<ColumnDescriptor> relaxed = List.of(new ColumnDescriptor("id", "bigint", true),
                new ColumnDescriptor("amount", "decimal(18,2)", true), new ColumnDescriptor("note", "string", true));

        assertThat(SchemaDrift.compare("t.x", BEFORE, tightened, SchemaPolicy.FAIL).notes())
                .singleElement().asString().contains("'amount'").contains("NOT NULL");
        assertThatThrownBy(() -> SchemaDrift.compare("t.x", BEFORE, relaxed, SchemaPolicy.EVOLVE))
                .hasMessageContaining("'id'").hasMessageContaining("became nullable");
    }
}
