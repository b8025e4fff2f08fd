package dev.sluice.core.extract.chunk;

import dev.sluice.core.config.Engine;
import dev.sluice.core.source.Projection;
import dev.sluice.core.source.SqlDialect;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.LakeColumn;
import dev.sluice.core.types.ProjectionKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The select list of a chunk read: each carried column's {@link ProjectionKind} rendered for the source engine as
 * the kind's Javadoc specifies, aliased back to the column (a sql_variant's base-type companion to its lake name),
 * plus the session settings those renderings rely on. Excluded columns have no item.
 */
public final class ChunkProjections {

    private ChunkProjections() {
    }

    /** The projections for {@code columns}, in order, for {@code dialect}'s engine. */
    public static List<Projection> of(SqlDialect dialect, List<ColumnMapping> columns) {
        List<Projection> select = new ArrayList<>();
        for (ColumnMapping mapping : columns) {
            if (mapping.lakeColumns().isEmpty() || mapping.projection() == null) {
                continue;
            }
            String name = mapping.source().name();
            select.add(Projection.of(name, render(dialect.engine(), mapping)));
            if (mapping.projection() == ProjectionKind.VARIANT_TO_STRING) {
                Optional<LakeColumn> baseType = mapping.lakeColumns().stream()
                        .filter(c -> c.role() == LakeColumn.Role.VARIANT_BASE_TYPE).findFirst();
                String source = dialect.quote(name);
                baseType.ifPresent(c -> select.add(Projection.of(c.name(),
                        ignored -> "CAST(SQL_VARIANT_PROPERTY(" + source + ", 'BaseType') AS nvarchar(128))")));
            }
        }
        return select;
    }

    /**
     * Statements run on the read's session before the query: PostgreSQL prints intervals as ISO-8601 durations
     * and dates in ISO form for {@link ProjectionKind#INTERVAL_TO_ISO8601} and {@link ProjectionKind#TEMPORAL_TO_ISO_TEXT}.
     */
    public static List<String> sessionStatements(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> List.of("SET intervalstyle = 'iso_8601'", "SET DateStyle = 'ISO'");
            case SQLSERVER -> List.of();
        };
    }

    private static java.util.function.UnaryOperator<String> render(Engine engine, ColumnMapping mapping) {
        ProjectionKind kind = mapping.projection();
        String type = mapping.source().typeName().toLowerCase(Locale.ROOT);
        return switch (engine) {
            case POSTGRESQL -> switch (kind) {
                case DIRECT -> c -> c;
                case ARRAY_TO_JSON -> c -> "array_to_json(" + c + ")::text";
                case INTERVAL_TO_ISO8601, TEXT_CAST, FLOAT_TO_TEXT, TEMPORAL_TO_ISO_TEXT -> c -> c + "::text";
                case MONEY_TO_NUMERIC -> c -> c + "::numeric";
                case BINARY_TO_HEX -> c -> "encode(" + c + ", 'hex')";
                case HIERARCHYID_TO_STRING, SPATIAL_TO_WKT, VARIANT_TO_STRING -> throw unsupported(engine, mapping);
            };
            case SQLSERVER -> switch (kind) {
                case DIRECT -> c -> c;
                case HIERARCHYID_TO_STRING -> c -> c + ".ToString()";
                case SPATIAL_TO_WKT -> c -> c + ".AsTextZM()";
                case TEXT_CAST -> type.contains("money")
                        ? c -> "CONVERT(nvarchar(max), " + c + ", 2)" : c -> "CONVERT(nvarchar(max), " + c + ")";
                case FLOAT_TO_TEXT -> c -> "CONVERT(varchar(30), " + c + ", 3)";
                case TEMPORAL_TO_ISO_TEXT -> type.equals("datetimeoffset")
                        ? c -> "CONVERT(varchar(40), " + c + ", 127)" : c -> "CONVERT(varchar(40), " + c + ", 126)";
                case BINARY_TO_HEX -> c -> "LOWER(CONVERT(varchar(max), " + c + ", 2))";
                case VARIANT_TO_STRING -> ChunkProjections::variantText;
                case ARRAY_TO_JSON, INTERVAL_TO_ISO8601, MONEY_TO_NUMERIC -> throw unsupported(engine, mapping);
            };
        };
    }

    /** sql_variant as nvarchar(4000), the text style chosen by base type (see {@link ProjectionKind#VARIANT_TO_STRING}). */
    private static String variantText(String c) {
        String base = "SQL_VARIANT_PROPERTY(" + c + ", 'BaseType')";
        return "CASE"
                + " WHEN " + base + " IN ('float', 'real') THEN CONVERT(nvarchar(4000), CONVERT(varchar(30), CAST(" + c
                + " AS float), 3))"
                + " WHEN " + base + " IN ('money', 'smallmoney') THEN CONVERT(nvarchar(4000), CAST(" + c
                + " AS money), 2)"
                + " WHEN " + base + " = 'datetimeoffset' THEN CONVERT(nvarchar(4000), CAST(" + c
                + " AS datetimeoffset), 127)"
                + " WHEN " + base + " IN ('date', 'time', 'datetime', 'datetime2', 'smalldatetime')"
                + " THEN CONVERT(nvarchar(4000), CAST(" + c + " AS datetime2), 126)"
                + " WHEN " + base + " IN ('binary', 'varbinary') THEN LOWER(CONVERT(nvarchar(4000), CAST(" + c
                + " AS varbinary(8000)), 2))"
                + " ELSE CONVERT(nvarchar(4000), " + c + ") END";
    }

    private static IllegalArgumentException unsupported(Engine engine, ColumnMapping mapping) {
        return new IllegalArgumentException("column " + mapping.source().name() + " (" + mapping.declaredType()
                + ") is mapped with projection " + mapping.projection() + ", which " + engine
                + " has no rendering for: the type mapping and the source engine disagree; report this as a bug");
    }
}
