package dev.sluice.core.types;

import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.source.SourceColumn;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How one source column is carried, after its policy (if any) is applied.
 *
 * @param source       the column as the source catalog describes it
 * @param declaredType the type as the source would print it, e.g. {@code datetime2(7)}, {@code nvarchar(max)}
 * @param lakeColumns  the lake columns it becomes, value first; empty when excluded or when nothing can be mapped
 * @param readKind     how the extractor reads it from JDBC; {@code null} when there is nothing to read
 * @param projection   how the extractor selects it; {@code null} when there is nothing to read
 * @param fidelity     the fidelity of the source type's own mapping, before any policy
 * @param loss         exactly what changes under the mapping in effect; empty when nothing does
 * @param note         what a data engineer should know even when nothing is lost (padding, special values, ...)
 * @param policy       the policy config states for the column, {@code null} when none
 * @param status       where the column stands with that policy
 * @param statusReason why the status is what it is (empty for a plain {@code OK})
 */
public record ColumnMapping(
        SourceColumn source,
        String declaredType,
        List<LakeColumn> lakeColumns,
        JdbcReadKind readKind,
        ProjectionKind projection,
        Fidelity fidelity,
        String loss,
        String note,
        ColumnOverride.Policy policy,
        MappingStatus status,
        String statusReason) {

    public ColumnMapping {
        lakeColumns = List.copyOf(lakeColumns);
        loss = loss == null ? "" : loss;
        note = note == null ? "" : note;
        statusReason = statusReason == null ? "" : statusReason;
    }

    /** True when the table must not run until config changes this column's policy. */
    public boolean blocking() {
        return status.blocking();
    }

    /** The lake column carrying the value itself, absent when nothing is carried. */
    public Optional<LakeColumn> valueColumn() {
        return lakeColumns.stream().filter(c -> c.role() == LakeColumn.Role.VALUE).findFirst();
    }

    /** The value column's Glue type, or empty when nothing is carried. */
    public String glueType() {
        return valueColumn().map(LakeColumn::glueType).orElse("");
    }

    /** The value column's Redshift type, or empty when nothing is carried. */
    public String redshiftType() {
        return valueColumn().map(LakeColumn::redshiftType).orElse("");
    }

    /** Every lake column's Parquet type, joined with {@code " + "}; {@code -} when none. */
    public String describeParquet() {
        return join(c -> c.parquet().describe());
    }

    /** Every lake column's Glue type, joined with {@code " + "}; {@code -} when none. */
    public String describeGlue() {
        return join(LakeColumn::glueType);
    }

    /** Every lake column's Redshift type, joined with {@code " + "}; {@code -} when none. */
    public String describeRedshift() {
        return join(LakeColumn::redshiftType);
    }

    private String join(java.util.function.Function<LakeColumn, String> part) {
        return lakeColumns.isEmpty() ? "-" : lakeColumns.stream().map(part).collect(Collectors.joining(" + "));
    }
}
