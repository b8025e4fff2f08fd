package dev.sluice.core.types;

import dev.sluice.core.config.Engine;
import dev.sluice.core.source.SourceColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;

import static dev.sluice.core.config.Engine.POSTGRESQL;
import static dev.sluice.core.config.Engine.SQLSERVER;
import static org.assertj.core.api.Assertions.assertThat;

/** Redshift's 65,535-byte VARCHAR boundary and the DECIMAL precision boundaries 9/10, 18/19, 38/39. */
class TypeBoundariesTest {

    private static ColumnMapping map(Engine engine, String type, int precision, int scale) {
        return TypeMapping.of(engine).map(new SourceColumn("c", 1, type, precision, scale, true), null);
    }

    @ParameterizedTest(name = "{0} {1}({2}) -> {3} {4}")
    @CsvSource({
            // PostgreSQL counts characters: 4 UTF-8 bytes each. 16,383 * 4 = 65,532 fits, 16,384 * 4 = 65,536 not.
            "POSTGRESQL, varchar,  16383, VARCHAR(65532), EXACT",
            "POSTGRESQL, varchar,  16384, VARCHAR(65535), LOSSY",
            "POSTGRESQL, bpchar,   16383, VARCHAR(65532), EXACT",
            "POSTGRESQL, bpchar,   16384, VARCHAR(65535), LOSSY",
            // SQL Server: 3 UTF-8 bytes per declared byte / UTF-16 unit. 21,845 * 3 = 65,535 exactly fits.
            "SQLSERVER,  nvarchar, 21845, VARCHAR(65535), EXACT",
            "SQLSERVER,  nvarchar, 21846, VARCHAR(65535), LOSSY",
            "SQLSERVER,  varchar,  21845, VARCHAR(65535), EXACT",
            "SQLSERVER,  varchar,  21846, VARCHAR(65535), LOSSY",
            "SQLSERVER,  nvarchar, 1,     VARCHAR(3),     EXACT",
            "POSTGRESQL, varchar,  1,     VARCHAR(4),     EXACT",
    })
    void stringWidthIsTheUtf8WorstCaseInBytes(Engine engine, String type, int length, String redshift,
                                              Fidelity fidelity) {
        ColumnMapping m = map(engine, type, length, 0);

        assertThat(m.redshiftType()).isEqualTo(redshift);
        assertThat(m.fidelity()).isEqualTo(fidelity);
        if (fidelity == Fidelity.LOSSY) {
            assertThat(m.loss()).contains("longer than 65,535 bytes").contains("truncated");
            assertThat(m.status()).isEqualTo(MappingStatus.NEEDS_POLICY);
        }
    }

    @ParameterizedTest(name = "decimal({0},{1}) -> {2}")
    @CsvSource({
            "9, 2, 'INT32 DECIMAL(9,2)'",
            "10, 2, 'INT64 DECIMAL(10,2)'",
            "18, 0, 'INT64 DECIMAL(18,0)'",
            "19, 0, 'FIXED_LEN_BYTE_ARRAY(9) DECIMAL(19,0)'",
            "28, 6, 'FIXED_LEN_BYTE_ARRAY(12) DECIMAL(28,6)'",
            "38, 0, 'FIXED_LEN_BYTE_ARRAY(16) DECIMAL(38,0)'",
    })
    void decimalsUseTheSmallestPhysicalType(int precision, int scale, String parquet) {
        ColumnMapping m = map(SQLSERVER, "decimal", precision, scale);

        assertThat(m.describeParquet()).isEqualTo(parquet);
        assertThat(m.fidelity()).isEqualTo(Fidelity.EXACT);
        assertThat(m.redshiftType()).isEqualTo("DECIMAL(" + precision + "," + scale + ")");
        assertThat(m.glueType()).isEqualTo("decimal(" + precision + "," + scale + ")");
        assertThat(m.readKind()).isEqualTo(JdbcReadKind.DECIMAL);
    }

    @Test
    void fixedLengthIsTheMinimalTwosComplementWidthForEveryPrecision() {
        for (int p = 1; p <= 38; p++) {
            BigInteger largest = BigInteger.TEN.pow(p).subtract(BigInteger.ONE);
            int bytes = ParquetType.decimalBytes(p);
            BigInteger fits = BigInteger.TWO.pow(8 * bytes - 1);          // exclusive max of a signed n-byte int
            assertThat(largest).as("p=%d fits %d bytes", p, bytes).isLessThan(fits);
            if (bytes > 1) {
                BigInteger fitsOneLess = BigInteger.TWO.pow(8 * (bytes - 1) - 1);
                assertThat(largest).as("p=%d does not fit %d bytes", p, bytes - 1)
                        .isGreaterThanOrEqualTo(fitsOneLess);
            }
        }
    }

    @Test
    void precisionAbove38IsLossyWithTheIntegerDigitsKept() {
        // numeric(39,10): 29 integer digits need 29 of the 38, so 9 fractional digits remain
        ColumnMapping m = map(POSTGRESQL, "numeric", 39, 10);

        assertThat(m.fidelity()).isEqualTo(Fidelity.LOSSY);
        assertThat(m.describeParquet()).isEqualTo("FIXED_LEN_BYTE_ARRAY(16) DECIMAL(38,9)");
        assertThat(m.redshiftType()).isEqualTo("DECIMAL(38,9)");
        assertThat(m.loss()).contains("rounded to 9 fractional digits half away from zero")
                .doesNotContain("integer digits fail");
    }

    @Test
    void precisionAbove38WithMoreThan38IntegerDigitsFailsTheValuesThatDoNotFit() {
        ColumnMapping m = map(POSTGRESQL, "numeric", 60, 5);

        assertThat(m.redshiftType()).isEqualTo("DECIMAL(38,0)");
        assertThat(m.loss()).contains("more than 38 integer digits fail the chunk");
    }

    @Test
    void numericWithoutPrecisionIsLossyAtScaleTen() {
        ColumnMapping m = map(POSTGRESQL, "numeric", -1, -1);

        assertThat(m.redshiftType()).isEqualTo("DECIMAL(38,10)");
        assertThat(m.loss()).contains("rounded to 10 fractional digits half away from zero")
                .contains("more than 28 integer digits, NaN and the infinities fail the chunk");
    }

    @Test
    void postgresNegativeScaleAndScaleAbovePrecisionAreExact() {
        assertThat(map(POSTGRESQL, "numeric", 3, -2).describeParquet()).isEqualTo("INT32 DECIMAL(5,0)");
        assertThat(map(POSTGRESQL, "numeric", 3, 5).describeParquet()).isEqualTo("INT32 DECIMAL(5,5)");
        assertThat(map(POSTGRESQL, "numeric", 3, 5).fidelity()).isEqualTo(Fidelity.EXACT);
    }

    @Test
    void scale38IsLossyOnlyInRedshift() {
        ColumnMapping m = map(SQLSERVER, "decimal", 38, 38);

        assertThat(m.describeParquet()).isEqualTo("FIXED_LEN_BYTE_ARRAY(16) DECIMAL(38,38)");
        assertThat(m.glueType()).isEqualTo("decimal(38,38)");
        assertThat(m.redshiftType()).isEqualTo("DECIMAL(38,37)");
        assertThat(m.fidelity()).isEqualTo(Fidelity.LOSSY);
    }

    @Test
    void subMicrosecondTruncationIsStatedExactly() {
        ColumnMapping m = map(SQLSERVER, "datetime2", 7, 0);

        assertThat(m.loss()).contains("7th digit is dropped, never rounded")
                .contains("2024-05-01 12:00:00.1234567 becomes 2024-05-01 12:00:00.123456");
    }

    @Test
    void offsetIsACompanionColumnInTheReservedNamespace() {
        ColumnMapping m = TypeMapping.of(SQLSERVER)
                .map(new SourceColumn("placed_at", 3, "datetimeoffset", 3, 0, false), null);

        assertThat(m.lakeColumns()).extracting(LakeColumn::name).containsExactly("placed_at",
                "_sluice_offset_placed_at");
        assertThat(m.lakeColumns()).extracting(LakeColumn::role)
                .containsExactly(LakeColumn.Role.VALUE, LakeColumn.Role.OFFSET_MINUTES);
        assertThat(m.lakeColumns()).allMatch(c -> !c.nullable());
        assertThat(m.note()).contains("in _sluice_offset_placed_at (-840..+840)");
        LogicalType instant = m.lakeColumns().get(0).parquet().logical();
        assertThat(instant).isEqualTo(new LogicalType.Timestamp(LogicalType.TimeUnit.MICROS, true));
    }

    @Test
    void sqlVariantCarriesItsBaseTypeInACompanion() {
        ColumnMapping m = TypeMapping.of(SQLSERVER).map(new SourceColumn("v", 1, "sql_variant", 0, 0, true), null);

        assertThat(m.lakeColumns()).extracting(LakeColumn::name).containsExactly("v", "_sluice_basetype_v");
    }
}
