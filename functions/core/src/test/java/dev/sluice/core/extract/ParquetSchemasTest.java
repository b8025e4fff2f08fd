package dev.sluice.core.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.config.Engine;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.types.TypeMapping;
import java.util.List;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;

/** The chunk schema is the type mapping's Parquet types, companions after their value, then Sluice's columns. */
class ParquetSchemasTest {

    private final TypeMapping sqlServer = TypeMapping.of(Engine.SQLSERVER);

    @Test
    void sqlServerTypesKeepTheirAnnotationsAndCompanions() {
        ColumnOverride lossy = new ColumnOverride(ColumnOverride.Policy.ACCEPT_LOSSY, "ok");
        MessageType schema = ParquetSchemas.chunkSchema("dbo.t", List.of(
                sqlServer.map(new SourceColumn("id", 1, "bigint", 19, 0, false), null),
                sqlServer.map(new SourceColumn("flag", 2, "tinyint", 3, 0, true), null),
                sqlServer.map(new SourceColumn("price", 3, "money", 19, 4, true), null),
                sqlServer.map(new SourceColumn("placed", 4, "datetimeoffset", 7, 0, true), lossy),
                sqlServer.map(new SourceColumn("v", 5, "sql_variant", 0, 0, true), lossy),
                sqlServer.map(new SourceColumn("gone", 6, "image", -1, 0, true),
                        new ColumnOverride(ColumnOverride.Policy.EXCLUDE, "not needed")),
                sqlServer.map(new SourceColumn("at", 7, "datetime2", 7, 0, true), lossy)), true);
        assertThat(schema.getFields()).extracting(f -> f.getName()).containsExactly("id", "flag", "price", "placed",
                "_sluice_offset_placed", "v", "_sluice_basetype_v", "at", "_sluice_row_hash", "_sluice_run_id",
                "_sluice_chunk_id", "_sluice_extracted_at", "_sluice_op");
        assertThat(schema.toString()).contains(
                "optional int64 id;",
                "optional int32 flag (INTEGER(8,false));",
                "optional fixed_len_byte_array(9) price (DECIMAL(19,4));",
                "optional int64 placed (TIMESTAMP(MICROS,true));",
                "optional int32 _sluice_offset_placed (INTEGER(16,true));",
                "optional binary v (STRING);",
                "optional int64 at (TIMESTAMP(MICROS,false));",
                "required int64 _sluice_row_hash;",
                "required binary _sluice_op (STRING);");
    }

    @Test
    void noOperationColumnOutsideChangeTrackingAndNoBlockingColumn() {
        MessageType schema = ParquetSchemas.chunkSchema("dbo.t",
                List.of(sqlServer.map(new SourceColumn("id", 1, "int", 10, 0, false), null)), false);
        assertThat(schema.containsField("_sluice_op")).isFalse();
        assertThatThrownBy(() -> ParquetSchemas.chunkSchema("dbo.t",
                List.of(sqlServer.map(new SourceColumn("notes", 1, "nvarchar", -1, 0, true), null)), false))
                .hasMessageContaining("dbo.t.notes is NEEDS POLICY");
    }
}
