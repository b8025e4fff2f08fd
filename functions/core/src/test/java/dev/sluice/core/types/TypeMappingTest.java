package dev.sluice.core.types;

import dev.sluice.core.config.Engine;
import dev.sluice.core.source.SourceColumn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.sluice.core.config.Engine.POSTGRESQL;
import static dev.sluice.core.config.Engine.SQLSERVER;
import static dev.sluice.core.types.Fidelity.EXACT;
import static dev.sluice.core.types.Fidelity.LOSSY;
import static dev.sluice.core.types.Fidelity.UNSUPPORTED;
import static dev.sluice.core.types.JdbcReadKind.*;
import static dev.sluice.core.types.ProjectionKind.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every source type of both engines, without a policy: Parquet, Glue, Redshift, fidelity, read and projection. */
class TypeMappingTest {

    static Stream<Arguments> everyType() {
        return Stream.of(
                // engine, type, precision, scale, declared, parquet, glue, redshift, fidelity, read, projection
                row(SQLSERVER, "bigint", 0, 0, "bigint", "INT64", "bigint", "BIGINT", EXACT, LONG, DIRECT),
                row(SQLSERVER, "int", 0, 0, "int", "INT32", "int", "INTEGER", EXACT, INT, DIRECT),
                row(SQLSERVER, "smallint", 0, 0, "smallint", "INT32 INT(16,signed)", "smallint", "SMALLINT", EXACT,
                        SHORT, DIRECT),
                row(SQLSERVER, "tinyint", 0, 0, "tinyint", "INT32 INT(8,unsigned)", "smallint", "SMALLINT", EXACT,
                        SHORT, DIRECT),
                row(SQLSERVER, "bit", 0, 0, "bit", "BOOLEAN", "boolean", "BOOLEAN", EXACT, BOOLEAN, DIRECT),
                row(SQLSERVER, "decimal", 9, 2, "decimal(9,2)", "INT32 DECIMAL(9,2)", "decimal(9,2)", "DECIMAL(9,2)",
                        EXACT, DECIMAL, DIRECT),
                row(SQLSERVER, "numeric", 18, 4, "numeric(18,4)", "INT64 DECIMAL(18,4)", "decimal(18,4)",
                        "DECIMAL(18,4)", EXACT, DECIMAL, DIRECT),
                row(SQLSERVER, "decimal", 38, 10, "decimal(38,10)", "FIXED_LEN_BYTE_ARRAY(16) DECIMAL(38,10)",
                        "decimal(38,10)", "DECIMAL(38,10)", EXACT, DECIMAL, DIRECT),
                row(SQLSERVER, "money", 19, 4, "money", "FIXED_LEN_BYTE_ARRAY(9) DECIMAL(19,4)", "decimal(19,4)",
                        "DECIMAL(19,4)", EXACT, DECIMAL, DIRECT),
                row(SQLSERVER, "smallmoney", 10, 4, "smallmoney", "INT64 DECIMAL(10,4)", "decimal(10,4)",
                        "DECIMAL(10,4)", EXACT, DECIMAL, DIRECT),
                row(SQLSERVER, "float", 53, 0, "float", "DOUBLE", "double", "DOUBLE PRECISION", EXACT, DOUBLE,
                        DIRECT),
                row(SQLSERVER, "real", 24, 0, "real", "FLOAT", "float", "REAL", EXACT, FLOAT, DIRECT),
                row(SQLSERVER, "date", 0, 0, "date", "INT32 DATE", "date", "DATE", EXACT, DATE, DIRECT),
                row(SQLSERVER, "time", 7, 0, "time(7)", "INT64 TIME(MICROS,utc=false)", "bigint", "TIME", LOSSY,
                        TIME, DIRECT),
                row(SQLSERVER, "time", 6, 0, "time(6)", "INT64 TIME(MICROS,utc=false)", "bigint", "TIME", EXACT,
                        TIME, DIRECT),
                row(SQLSERVER, "time", 0, 0, "time(0)", "INT64 TIME(MICROS,utc=false)", "bigint", "TIME", EXACT,
                        TIME, DIRECT),
                row(SQLSERVER, "datetime", 0, 0, "datetime", "INT64 TIMESTAMP(MICROS,utc=false)", "timestamp",
                        "TIMESTAMP", EXACT, LOCAL_DATETIME, DIRECT),
                row(SQLSERVER, "datetime2", 7, 0, "datetime2(7)", "INT64 TIMESTAMP(MICROS,utc=false)", "timestamp",
                        "TIMESTAMP", LOSSY, LOCAL_DATETIME, DIRECT),
                row(SQLSERVER, "datetime2", 6, 0, "datetime2(6)", "INT64 TIMESTAMP(MICROS,utc=false)", "timestamp",
                        "TIMESTAMP", EXACT, LOCAL_DATETIME, DIRECT),
                row(SQLSERVER, "datetime2", 3, 0, "datetime2(3)", "INT64 TIMESTAMP(MICROS,utc=false)", "timestamp",
                        "TIMESTAMP", EXACT, LOCAL_DATETIME, DIRECT),
                row(SQLSERVER, "smalldatetime", 0, 0, "smalldatetime", "INT64 TIMESTAMP(MICROS,utc=false)",
                        "timestamp", "TIMESTAMP", EXACT, LOCAL_DATETIME, DIRECT),
                row(SQLSERVER, "datetimeoffset", 7, 0, "datetimeoffset(7)",
                        "INT64 TIMESTAMP(MICROS,utc=true) + INT32 INT(16,signed)", "timestamp + smallint",
                        "TIMESTAMPTZ + SMALLINT", LOSSY, OFFSET_DATETIME, DIRECT),
                row(SQLSERVER, "datetimeoffset", 3, 0, "datetimeoffset(3)",
                        "INT64 TIMESTAMP(MICROS,utc=true) + INT32 INT(16,signed)", "timestamp + smallint",
                        "TIMESTAMPTZ + SMALLINT", EXACT, OFFSET_DATETIME, DIRECT),
                row(SQLSERVER, "char", 10, 0, "char(10)", "BINARY STRING", "string", "VARCHAR(30)", EXACT, STRING,
                        DIRECT),
                row(SQLSERVER, "varchar", 8000, 0, "varchar(8000)", "BINARY STRING", "string", "VARCHAR(24000)",
                        EXACT, STRING, DIRECT),
                row(SQLSERVER, "varchar", -1, 0, "varchar(max)", "BINARY STRING", "string", "VARCHAR(65535)", LOSSY,
                        STRING, DIRECT),
                row(SQLSERVER, "nchar", 10, 0, "nchar(10)", "BINARY STRING", "string", "VARCHAR(30)", EXACT, STRING,
                        DIRECT),
                row(SQLSERVER, "nvarchar", 4000, 0, "nvarchar(4000)", "BINARY STRING", "string", "VARCHAR(12000)",
                        EXACT, STRING, DIRECT),
                row(SQLSERVER, "nvarchar", -1, 0, "nvarchar(max)", "BINARY STRING", "string", "VARCHAR(65535)",
                        LOSSY, STRING, DIRECT),
                row(SQLSERVER, "text", -1, 0, "text", "BINARY STRING", "string", "VARCHAR(65535)", LOSSY, STRING,
                        DIRECT),
                row(SQLSERVER, "ntext", -1, 0, "ntext", "BINARY STRING", "string", "VARCHAR(65535)", LOSSY, STRING,
                        DIRECT),
                row(SQLSERVER, "binary", 16, 0, "binary(16)", "BINARY", "binary", "VARBYTE(16)", EXACT, BYTES,
                        DIRECT),
                row(SQLSERVER, "varbinary", 8000, 0, "varbinary(8000)", "BINARY", "binary", "VARBYTE(8000)", EXACT,
                        BYTES, DIRECT),
                row(SQLSERVER, "varbinary", -1, 0, "varbinary(max)", "BINARY", "binary", "VARBYTE(16777216)", LOSSY,
                        BYTES, DIRECT),
                row(SQLSERVER, "uniqueidentifier", 0, 0, "uniqueidentifier", "BINARY STRING", "string",
                        "VARCHAR(36)", EXACT, STRING, DIRECT),
                row(SQLSERVER, "rowversion", 0, 0, "rowversion", "INT64", "bigint", "BIGINT", EXACT,
                        ROWVERSION_LONG, DIRECT),
                row(SQLSERVER, "timestamp", 0, 0, "timestamp", "INT64", "bigint", "BIGINT", EXACT, ROWVERSION_LONG,
                        DIRECT),
                row(SQLSERVER, "xml", -1, 0, "xml", "BINARY STRING", "string", "VARCHAR(65535)", LOSSY, STRING,
                        DIRECT),
                row(SQLSERVER, "sql_variant", 0, 0, "sql_variant", "BINARY STRING + BINARY STRING",
                        "string + string", "VARCHAR(12000) + VARCHAR(128)", LOSSY, STRING, VARIANT_TO_STRING),
                row(SQLSERVER, "hierarchyid", 0, 0, "hierarchyid", "BINARY STRING", "string", "VARCHAR(4000)",
                        EXACT, STRING, HIERARCHYID_TO_STRING),
                row(SQLSERVER, "geography", -1, 0, "geography", "BINARY STRING", "string", "VARCHAR(65535)", LOSSY,
                        STRING, SPATIAL_TO_WKT),
                row(SQLSERVER, "geometry", -1, 0, "geometry", "BINARY STRING", "string", "VARCHAR(65535)", LOSSY,
                        STRING, SPATIAL_TO_WKT),
                row(SQLSERVER, "postal_code_udt", 0, 0, "postal_code_udt", "-", "-", "-", UNSUPPORTED, null, null),

                row(POSTGRESQL, "int2", 16, 0, "int2", "INT32 INT(16,signed)", "smallint", "SMALLINT", EXACT, SHORT,
                        DIRECT),
                row(POSTGRESQL, "int4", 32, 0, "int4", "INT32", "int", "INTEGER", EXACT, INT, DIRECT),
                row(POSTGRESQL, "int8", 64, 0, "int8", "INT64", "bigint", "BIGINT", EXACT, LONG, DIRECT),
                row(POSTGRESQL, "float4", 0, 0, "float4", "FLOAT", "float", "REAL", EXACT, FLOAT, DIRECT),
                row(POSTGRESQL, "float8", 0, 0, "float8", "DOUBLE", "double", "DOUBLE PRECISION", EXACT, DOUBLE,
                        DIRECT),
                row(POSTGRESQL, "bool", 0, 0, "bool", "BOOLEAN", "boolean", "BOOLEAN", EXACT, BOOLEAN, DIRECT),
                row(POSTGRESQL, "numeric", 12, 2, "numeric(12,2)", "INT64 DECIMAL(12,2)", "decimal(12,2)",
                        "DECIMAL(12,2)", EXACT, DECIMAL, DIRECT),
                row(POSTGRESQL, "numeric", -1, -1, "numeric", "FIXED_LEN_BYTE_ARRAY(16) DECIMAL(38,10)",
                        "decimal(38,10)", "DECIMAL(38,10)", LOSSY, DECIMAL, DIRECT),
                row(POSTGRESQL, "numeric", 50, 10, "numeric(50,10)", "FIXED_LEN_BYTE_ARRAY(16) DECIMAL(38,0)",
                        "decimal(38,0)", "DECIMAL(38,0)", LOSSY, DECIMAL, DIRECT),
                row(POSTGRESQL, "varchar", 100, 0, "varchar(100)", "BINARY STRING", "string", "VARCHAR(400)", EXACT,
                        STRING, DIRECT),
                row(POSTGRESQL, "varchar", -1, 0, "varchar", "BINARY STRING", "string", "VARCHAR(65535)", LOSSY,
                        STRING, DIRECT),
                row(POSTGRESQL, "bpchar", 10, 0, "bpchar(10)", "BINARY STRING", "string", "VARCHAR(40)", EXACT,
                        STRING, DIRECT),
                row(POSTGRESQL, "text", -1, 0, "text", "BINARY STRING", "string", "VARCHAR(65535)", LOSSY, STRING,
                        DIRECT),
                row(POSTGRESQL, "bytea", -1, 0, "bytea", "BINARY", "binary", "VARBYTE(16777216)", LOSSY, BYTES,
                        DIRECT),
                row(POSTGRESQL, "date", 0, 0, "date", "INT32 DATE", "date", "DATE", EXACT, DATE, DIRECT),
                row(POSTGRESQL, "time", 6, 0, "time", "INT64 TIME(MICROS,utc=false)", "bigint", "TIME", EXACT, TIME,
                        DIRECT),
                row(POSTGRESQL, "timetz", 6, 0, "timetz", "INT64 TIME(MICROS,utc=true) + INT32 INT(16,signed)",
                        "bigint + smallint", "TIMETZ + SMALLINT", EXACT, OFFSET_TIME, DIRECT),
                row(POSTGRESQL, "timestamp", 6, 0, "timestamp", "INT64 TIMESTAMP(MICROS,utc=false)", "timestamp",
                        "TIMESTAMP", EXACT, LOCAL_DATETIME, DIRECT),
                row(POSTGRESQL, "timestamptz", 3, 0, "timestamptz(3)", "INT64 TIMESTAMP(MICROS,utc=true)",
                        "timestamp", "TIMESTAMPTZ", EXACT, OFFSET_DATETIME, DIRECT),
                row(POSTGRESQL, "uuid", 0, 0, "uuid", "BINARY STRING", "string", "VARCHAR(36)", EXACT,
                        JdbcReadKind.UUID, DIRECT),
                row(POSTGRESQL, "json", -1, 0, "json", "BINARY JSON", "string", "VARCHAR(65535)", LOSSY, STRING,
                        DIRECT),
                row(POSTGRESQL, "jsonb", -1, 0, "jsonb", "BINARY JSON", "string", "VARCHAR(65535)", LOSSY, STRING,
                        DIRECT),
                row(POSTGRESQL, "_int4", 0, 0, "int4[]", "BINARY JSON", "string", "VARCHAR(65535)", LOSSY, STRING,
                        ARRAY_TO_JSON),
                row(POSTGRESQL, "_text", 0, 0, "text[]", "BINARY JSON", "string", "VARCHAR(65535)", LOSSY, STRING,
                        ARRAY_TO_JSON),
                row(POSTGRESQL, "interval", 6, 0, "interval", "BINARY STRING", "string", "VARCHAR(64)", EXACT,
                        STRING, INTERVAL_TO_ISO8601),
                row(POSTGRESQL, "money", 0, 0, "money", "FIXED_LEN_BYTE_ARRAY(9) DECIMAL(19,2)", "decimal(19,2)",
                        "DECIMAL(19,2)", EXACT, DECIMAL, MONEY_TO_NUMERIC),
                row(POSTGRESQL, "xml", -1, 0, "xml", "BINARY STRING", "string", "VARCHAR(65535)", LOSSY, STRING,
                        DIRECT),
                row(POSTGRESQL, "inet", 0, 0, "inet", "BINARY STRING", "string", "VARCHAR(49)", EXACT, STRING,
                        DIRECT),
                row(POSTGRESQL, "cidr", 0, 0, "cidr", "BINARY STRING", "string", "VARCHAR(49)", EXACT, STRING,
                        DIRECT),
                row(POSTGRESQL, "macaddr", 0, 0, "macaddr", "BINARY STRING", "string", "VARCHAR(17)", EXACT, STRING,
                        DIRECT),
                row(POSTGRESQL, "mood", 0, 0, "mood", "-", "-", "-", UNSUPPORTED, null, null));
    }

    private static Arguments row(Engine engine, String type, int precision, int scale, String declared,
                                 String parquet, String glue, String redshift, Fidelity fidelity, JdbcReadKind read,
                                 ProjectionKind projection) {
        return arguments(engine, type, precision, scale, declared, parquet, glue, redshift, fidelity, read,
                projection);
    }

    @ParameterizedTest(name = "{0} {4}")
    @MethodSource("everyType")
    void mapsEveryType(Engine engine, String type, int precision, int scale, String declared, String parquet,
                       String glue, String redshift, Fidelity fidelity, JdbcReadKind read, ProjectionKind projection) {
        ColumnMapping m = TypeMapping.of(engine).map(new SourceColumn("c", 1, type, precision, scale, true), null);

        assertThat(m.declaredType()).isEqualTo(declared);
        assertThat(m.describeParquet()).isEqualTo(parquet);
        assertThat(m.describeGlue()).isEqualTo(glue);
        assertThat(m.describeRedshift()).isEqualTo(redshift);
        assertThat(m.fidelity()).isEqualTo(fidelity);
        assertThat(m.readKind()).isEqualTo(read);
        assertThat(m.projection()).isEqualTo(projection);
        assertThat(m.status()).isEqualTo(fidelity == EXACT ? MappingStatus.OK : MappingStatus.NEEDS_POLICY);
        assertThat(m.loss().isEmpty()).as("a loss is described exactly when the mapping is not exact")
                .isEqualTo(fidelity == EXACT);
    }
}
