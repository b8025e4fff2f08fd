package dev.sluice.core.types;

import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.config.ColumnOverride.Policy;
import dev.sluice.core.config.Engine;
import dev.sluice.core.source.SourceColumn;
import org.junit.jupiter.api.Test;

import static dev.sluice.core.config.Engine.POSTGRESQL;
import static dev.sluice.core.config.Engine.SQLSERVER;
import static org.assertj.core.api.Assertions.assertThat;

/** Each policy on each fidelity class, and on a reserved column name. */
class ColumnPolicyTest {

    private static ColumnMapping map(Engine engine, String name, String type, int precision, int scale,
                                     Policy policy) {
        return TypeMapping.of(engine).map(new SourceColumn(name, 1, type, precision, scale, true),
                policy == null ? null : new ColumnOverride(policy, "test"));
    }

    // ----------------------------------------------------------------------------------- exact (int)

    @Test
    void exactWithoutPolicyIsOk() {
        ColumnMapping m = map(SQLSERVER, "qty", "int", 10, 0, null);
        assertThat(m.status()).isEqualTo(MappingStatus.OK);
        assertThat(m.blocking()).isFalse();
    }

    @Test
    void acceptLossyOnExactIsNotNeededAndChangesNothing() {
        ColumnMapping m = map(SQLSERVER, "qty", "int", 10, 0, Policy.ACCEPT_LOSSY);
        assertThat(m.status()).isEqualTo(MappingStatus.POLICY_NOT_NEEDED);
        assertThat(m.describeParquet()).isEqualTo("INT32");
        assertThat(m.readKind()).isEqualTo(JdbcReadKind.INT);
        assertThat(m.blocking()).isFalse();
    }

    @Test
    void asStringOnExactIsNotNeededButApplied() {
        ColumnMapping m = map(SQLSERVER, "qty", "int", 10, 0, Policy.AS_STRING);
        assertThat(m.status()).isEqualTo(MappingStatus.POLICY_NOT_NEEDED);
        assertThat(m.describeParquet()).isEqualTo("BINARY STRING");
        assertThat(m.redshiftType()).isEqualTo("VARCHAR(11)");
        assertThat(m.readKind()).isEqualTo(JdbcReadKind.STRING);
        assertThat(m.projection()).isEqualTo(ProjectionKind.TEXT_CAST);
    }

    @Test
    void excludeOnExactDropsTheColumn() {
        ColumnMapping m = map(SQLSERVER, "qty", "int", 10, 0, Policy.EXCLUDE);
        assertThat(m.status()).isEqualTo(MappingStatus.EXCLUDED);
        assertThat(m.lakeColumns()).isEmpty();
        assertThat(m.readKind()).isNull();
        assertThat(m.blocking()).isFalse();
    }

    // ----------------------------------------------------------------------------------- lossy (datetime2(7))

    @Test
    void lossyWithoutPolicyBlocks() {
        ColumnMapping m = map(SQLSERVER, "at", "datetime2", 7, 0, null);
        assertThat(m.status()).isEqualTo(MappingStatus.NEEDS_POLICY);
        assertThat(m.blocking()).isTrue();
    }

    @Test
    void acceptLossyOnLossyKeepsTheLossyMapping() {
        ColumnMapping m = map(SQLSERVER, "at", "datetime2", 7, 0, Policy.ACCEPT_LOSSY);
        assertThat(m.status()).isEqualTo(MappingStatus.LOSSY_ACCEPTED);
        assertThat(m.describeParquet()).isEqualTo("INT64 TIMESTAMP(MICROS,utc=false)");
        assertThat(m.loss()).contains("truncated to microseconds");
        assertThat(m.blocking()).isFalse();
    }

    @Test
    void asStringOnLossyCarriesTheExactIsoText() {
        ColumnMapping m = map(SQLSERVER, "at", "datetime2", 7, 0, Policy.AS_STRING);
        assertThat(m.status()).isEqualTo(MappingStatus.OK);
        assertThat(m.describeParquet()).isEqualTo("BINARY STRING");
        assertThat(m.redshiftType()).isEqualTo("VARCHAR(27)");
        assertThat(m.projection()).isEqualTo(ProjectionKind.TEMPORAL_TO_ISO_TEXT);
        assertThat(m.loss()).isEmpty();
    }

    @Test
    void asStringOnUnboundedTextIsStillLossyInRedshift() {
        ColumnMapping m = map(SQLSERVER, "notes", "nvarchar", -1, 0, Policy.AS_STRING);
        assertThat(m.status()).isEqualTo(MappingStatus.LOSSY_ACCEPTED);
        assertThat(m.redshiftType()).isEqualTo("VARCHAR(65535)");
        assertThat(m.loss()).contains("65,535 bytes");
    }

    @Test
    void asStringOnNumericBeyond38KeepsEveryDigit() {
        ColumnMapping m = map(POSTGRESQL, "big", "numeric", 50, 10, Policy.AS_STRING);
        assertThat(m.status()).isEqualTo(MappingStatus.OK);
        assertThat(m.redshiftType()).isEqualTo("VARCHAR(53)");
        assertThat(m.readKind()).isEqualTo(JdbcReadKind.STRING);
    }

    @Test
    void asStringOnBinaryIsHex() {
        ColumnMapping m = map(POSTGRESQL, "blob", "bytea", -1, 0, Policy.AS_STRING);
        assertThat(m.projection()).isEqualTo(ProjectionKind.BINARY_TO_HEX);
        assertThat(map(SQLSERVER, "h", "binary", 32, 0, Policy.AS_STRING).redshiftType()).isEqualTo("VARCHAR(64)");
    }

    @Test
    void excludeOnLossyDropsTheColumn() {
        ColumnMapping m = map(SQLSERVER, "at", "datetime2", 7, 0, Policy.EXCLUDE);
        assertThat(m.status()).isEqualTo(MappingStatus.EXCLUDED);
        assertThat(m.lakeColumns()).isEmpty();
    }

    // ----------------------------------------------------------------------------------- unsupported (enum)

    @Test
    void unsupportedWithoutPolicyBlocks() {
        ColumnMapping m = map(POSTGRESQL, "kind", "mood", 0, 0, null);
        assertThat(m.status()).isEqualTo(MappingStatus.NEEDS_POLICY);
        assertThat(m.lakeColumns()).isEmpty();
        assertThat(m.loss()).contains("no typed mapping for postgresql type mood");
    }

    @Test
    void acceptLossyOnUnsupportedIsRejected() {
        ColumnMapping m = map(POSTGRESQL, "kind", "mood", 0, 0, Policy.ACCEPT_LOSSY);
        assertThat(m.status()).isEqualTo(MappingStatus.POLICY_REJECTED);
        assertThat(m.blocking()).isTrue();
        assertThat(m.lakeColumns()).isEmpty();
        assertThat(m.statusReason()).contains("acceptLossy applies only to lossy mappings")
                .contains("choose asString or exclude");
    }

    @Test
    void asStringOnUnsupportedCarriesTheSourceText() {
        ColumnMapping m = map(POSTGRESQL, "kind", "mood", 0, 0, Policy.AS_STRING);
        assertThat(m.blocking()).isFalse();
        assertThat(m.projection()).isEqualTo(ProjectionKind.TEXT_CAST);
        assertThat(m.readKind()).isEqualTo(JdbcReadKind.STRING);
        assertThat(m.describeParquet()).isEqualTo("BINARY STRING");
        // an unknown type's text has no bound, so Redshift's 65,535 bytes still apply
        assertThat(m.status()).isEqualTo(MappingStatus.LOSSY_ACCEPTED);
    }

    @Test
    void excludeOnUnsupportedDropsTheColumn() {
        assertThat(map(POSTGRESQL, "kind", "mood", 0, 0, Policy.EXCLUDE).status()).isEqualTo(MappingStatus.EXCLUDED);
    }

    // ----------------------------------------------------------------------------------- reserved name

    @Test
    void reservedNameCanOnlyBeExcluded() {
        assertThat(map(POSTGRESQL, "_Sluice_offset_x", "int4", 0, 0, null).status())
                .isEqualTo(MappingStatus.NEEDS_POLICY);
        assertThat(map(POSTGRESQL, "_sluice_offset_x", "int4", 0, 0, Policy.AS_STRING).status())
                .isEqualTo(MappingStatus.POLICY_REJECTED);
        assertThat(map(POSTGRESQL, "_sluice_offset_x", "int4", 0, 0, Policy.EXCLUDE).status())
                .isEqualTo(MappingStatus.EXCLUDED);
    }

    @Test
    void aColumnWithoutTypeNameIsRejectedByName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TypeMapping.of(SQLSERVER)
                        .map(new SourceColumn("amount", 1, " ", 0, 0, true), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column amount has no type name");
    }

    @Test
    void anOverrideWithoutPolicyIsNoPolicy() {
        ColumnMapping m = TypeMapping.of(SQLSERVER).map(new SourceColumn("at", 1, "datetime2", 7, 0, true),
                new ColumnOverride(null, "reviewed later"));
        assertThat(m.status()).isEqualTo(MappingStatus.NEEDS_POLICY);
        assertThat(m.policy()).isNull();
    }
}
