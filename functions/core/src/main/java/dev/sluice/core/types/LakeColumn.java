package dev.sluice.core.types;

/**
 * One column as it lands in the lake (Parquet), the Glue catalog (Athena) and Redshift. A source column usually
 * has one; a datetimeoffset, timetz or sql_variant has a companion (see {@link Role}).
 *
 * @param glueType     the Glue/Athena (Hive DDL) type, e.g. {@code decimal(19,4)}
 * @param redshiftType the Redshift column type, e.g. {@code VARCHAR(12000)}
 */
public record LakeColumn(String name, ParquetType parquet, String glueType, String redshiftType, boolean nullable,
                         Role role) {

    /**
     * What a lake column carries. Companion columns are named {@link TypeMapping#RESERVED_PREFIX} + a role word +
     * {@code _} + the source column name (e.g. {@code _sluice_offset_created_at}); source columns may not start
     * with that prefix, so a companion can never collide with a source column or with another companion.
     */
    public enum Role {
        /** The value itself, under the source column's name. */
        VALUE(""),
        /** The UTC offset, in minutes east of UTC, of a datetimeoffset or timetz value. */
        OFFSET_MINUTES("offset_"),
        /** The base type name of a sql_variant value (e.g. {@code int}, {@code nvarchar}). */
        VARIANT_BASE_TYPE("basetype_");

        private final String word;

        Role(String word) {
            this.word = word;
        }

        /** The lake column name for this role of source column {@code sourceName}. */
        public String columnName(String sourceName) {
            return this == VALUE ? sourceName : TypeMapping.RESERVED_PREFIX + word + sourceName;
        }
    }
}
