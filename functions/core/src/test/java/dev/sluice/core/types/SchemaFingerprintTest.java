package dev.sluice.core.types;

import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.config.ColumnOverride.Policy;
import dev.sluice.core.extract.chunk.PlannedSchema;
import dev.sluice.core.source.SourceColumn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static dev.sluice.core.config.Engine.SQLSERVER;
import static org.assertj.core.api.Assertions.assertThat;

/** The one schema fingerprint definition: pinned for a fixed table, and what does and does not change it. */
class SchemaFingerprintTest {

    private static final TypeMapping MAPPING = TypeMapping.of(SQLSERVER);

    private static ColumnMapping column(String name, int ordinal, String type, int precision, boolean nullable,
                                        Policy policy) {
        return MAPPING.map(new SourceColumn(name, ordinal, type, precision, 0, nullable),
                policy == null ? null : new ColumnOverride(policy, "test"));
    }

    /** id int NOT NULL, name nvarchar(50) NULL, at datetime2(7) NULL with acceptLossy. */
    private static List<ColumnMapping> table() {
        return List.of(
                column("id", 1, "int", 10, false, null),
                column("name", 2, "nvarchar", 50, true, null),
                column("at", 3, "datetime2", 7, true, Policy.ACCEPT_LOSSY));
    }

    @Test
    void aFixedTableHasAFixedCanonicalTextAndFingerprint() {
        assertThat(SchemaFingerprint.canonical(table())).isEqualTo("""
                sluice-schema-fingerprint
                mapping-v1
                column 2:id read=INT projection=DIRECT
                lake 2:id 5:INT32 glue=3:int redshift=7:INTEGER required
                column 4:name read=STRING projection=DIRECT
                lake 4:name 13:BINARY STRING glue=6:string redshift=12:VARCHAR(150) nullable
                column 2:at read=LOCAL_DATETIME projection=DIRECT
                lake 2:at 33:INT64 TIMESTAMP(MICROS,utc=false) glue=9:timestamp redshift=9:TIMESTAMP nullable
                """);
        // SHA-256 of the text above, computed outside Java (Python hashlib): a change of definition fails here.
        assertThat(SchemaFingerprint.of(table()))
                .isEqualTo("0bafcc6e24646e6250d4ffccb9077160862995e2349ebeed316b08f11adb1552");
    }

    @Test
    void theSameMappingsGiveTheSameFingerprint() {
        assertThat(SchemaFingerprint.of(table())).isEqualTo(SchemaFingerprint.of(table()));
        assertThat(PlannedSchema.of(table()).fingerprint()).isEqualTo(SchemaFingerprint.of(table()));
    }

    @Test
    void aTypeChangeChangesIt() {
        List<ColumnMapping> changed = replace(1, column("name", 2, "nvarchar", 60, true, null));
        assertThat(SchemaFingerprint.of(changed)).isNotEqualTo(SchemaFingerprint.of(table()));
        List<ColumnMapping> widened = replace(0, column("id", 1, "bigint", 19, false, null));
        assertThat(SchemaFingerprint.of(widened)).isNotEqualTo(SchemaFingerprint.of(table()));
    }

    @Test
    void aRenamedColumnChangesIt() {
        List<ColumnMapping> renamed = replace(1, column("full_name", 2, "nvarchar", 50, true, null));
        assertThat(SchemaFingerprint.of(renamed)).isNotEqualTo(SchemaFingerprint.of(table()));
    }

    @Test
    void aNullabilityChangeChangesIt() {
        List<ColumnMapping> nullable = replace(0, column("id", 1, "int", 10, true, null));
        assertThat(SchemaFingerprint.of(nullable)).isNotEqualTo(SchemaFingerprint.of(table()));
    }

    @Test
    void aPolicyChangeThatChangesWhatIsWrittenChangesIt() {
        List<ColumnMapping> asString = replace(2, column("at", 3, "datetime2", 7, true, Policy.AS_STRING));
        assertThat(SchemaFingerprint.of(asString)).isNotEqualTo(SchemaFingerprint.of(table()));
        List<ColumnMapping> excluded = replace(2, column("at", 3, "datetime2", 7, true, Policy.EXCLUDE));
        assertThat(SchemaFingerprint.of(excluded)).isNotEqualTo(SchemaFingerprint.of(table()));
    }

    @Test
    void reorderedColumnsChangeIt() {
        List<ColumnMapping> reordered = List.of(table().get(1), table().get(0), table().get(2));
        assertThat(SchemaFingerprint.of(reordered)).isNotEqualTo(SchemaFingerprint.of(table()));
    }

    @Test
    void anExcludedColumnDoesNotCount() {
        List<ColumnMapping> withExcluded = new ArrayList<>(table());
        withExcluded.add(1, column("secret", 4, "varbinary", -1, true, Policy.EXCLUDE));
        assertThat(SchemaFingerprint.of(withExcluded)).isEqualTo(SchemaFingerprint.of(table()));
        // nor does a change of the excluded column's type or nullability
        List<ColumnMapping> retyped = new ArrayList<>(table());
        retyped.add(1, column("secret", 4, "nvarchar", 10, false, Policy.EXCLUDE));
        assertThat(SchemaFingerprint.of(retyped)).isEqualTo(SchemaFingerprint.of(withExcluded));
        // but the drift check still sees the excluded column
        assertThat(PlannedSchema.of(withExcluded).columns()).hasSize(4);
    }

    @Test
    void aPolicyThatChangesNothingDoesNotChangeIt() {
        List<ColumnMapping> noOp = replace(0, column("id", 1, "int", 10, false, Policy.ACCEPT_LOSSY));
        assertThat(noOp.get(0).status()).isEqualTo(MappingStatus.POLICY_NOT_NEEDED);
        assertThat(SchemaFingerprint.of(noOp)).isEqualTo(SchemaFingerprint.of(table()));
    }

    @Test
    void aNameCannotForgeAFieldBoundary() {
        List<ColumnMapping> a = List.of(column("a_b", 1, "int", 10, false, null));
        List<ColumnMapping> b = List.of(column("a", 1, "int", 10, false, null));
        assertThat(SchemaFingerprint.canonical(a)).contains("3:a_b").doesNotContain(" 1:a ");
        assertThat(SchemaFingerprint.of(a)).isNotEqualTo(SchemaFingerprint.of(b)).hasSize(64).matches("[0-9a-f]{64}");
    }

    private static List<ColumnMapping> replace(int index, ColumnMapping replacement) {
        List<ColumnMapping> out = new ArrayList<>(table());
        out.set(index, replacement);
        return out;
    }
}
