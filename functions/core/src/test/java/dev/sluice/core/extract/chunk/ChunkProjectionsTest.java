package dev.sluice.core.extract.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.Engine;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.PostgresDialect;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SqlServerDialect;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.TypeMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkProjectionsTest {

    private static ColumnMapping map(Engine engine, String name, int ordinal, String type, int precision, int scale) {
        return TypeMapping.of(engine).map(new SourceColumn(name, ordinal, type, precision, scale, true), null);
    }

    @Test
    void postgresRendersIntervalArrayAndMoneyAsTheirKindsSayAndAliasesThemBack() {
        List<ColumnMapping> columns = List.of(map(Engine.POSTGRESQL, "id", 1, "int8", 0, 0),
                map(Engine.POSTGRESQL, "iv", 2, "interval", 6, 0),
                map(Engine.POSTGRESQL, "price", 3, "money", 0, 0));
        PostgresDialect dialect = new PostgresDialect();
        String sql = dialect.rangeRead(TableRef.parse("shop.orders"), ChunkProjections.of(dialect, columns),
                KeyRange.between("id", KeyValue.ofLong(10), KeyValue.ofLong(20)), false).sql();
        assertThat(sql).startsWith("SELECT \"id\", \"iv\"::text AS \"iv\", \"price\"::numeric AS \"price\" FROM");
        assertThat(ChunkProjections.sessionStatements(Engine.POSTGRESQL)).contains("SET intervalstyle = 'iso_8601'");
    }

    @Test
    void sqlServerRendersHierarchyidAndAddsTheVariantBaseTypeCompanionAfterItsValue() {
        ColumnMapping node = map(Engine.SQLSERVER, "node", 2, "hierarchyid", 0, 0);
        ColumnMapping variant = map(Engine.SQLSERVER, "v", 3, "sql_variant", 0, 0);
        SqlServerDialect dialect = new SqlServerDialect();
        var select = ChunkProjections.of(dialect, List.of(map(Engine.SQLSERVER, "id", 1, "bigint", 0, 0), node,
                variant));
        String sql = dialect.rangeRead(TableRef.parse("dbo.t"), select, KeyRange.all(List.of("id")), false).sql();
        assertThat(sql).contains("[node].ToString() AS [node]");
        assertThat(sql).contains("SQL_VARIANT_PROPERTY([v], 'BaseType')");
        int companions = (int) variant.lakeColumns().stream().filter(c -> c.role()
                == dev.sluice.core.types.LakeColumn.Role.VARIANT_BASE_TYPE).count();
        assertThat(select).hasSize(3 + companions);
        if (companions == 1) {
            assertThat(select.get(3).column()).isEqualTo(variant.lakeColumns().get(1).name());
        }
        assertThat(ChunkProjections.sessionStatements(Engine.SQLSERVER)).isEmpty();
    }
}
