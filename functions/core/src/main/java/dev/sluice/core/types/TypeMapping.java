package dev.sluice.core.types;

import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.config.ColumnOverride.Policy;
import dev.sluice.core.config.Engine;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceTable;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.sluice.core.types.JdbcReadKind.*;
import static dev.sluice.core.types.LogicalType.TimeUnit.MICROS;

/**
 * The type mapping of one source engine: each source column type to its Parquet type, Glue (Athena) type and
 * Redshift type, with the JDBC read kind, the projection, the fidelity and the exact loss. {@code docs/TYPES.md}
 * is the same table for people.
 *
 * <p>The mapping is pure and dialect-free. A mapping that is not exact blocks its table until config states a
 * {@link ColumnOverride} policy for the column; {@link #map} applies that policy.
 */
public final class TypeMapping {

    /**
     * The version of these mapping rules. It goes into schema fingerprints: changing any rule that alters a lake
     * column (name, Parquet type, Glue or Redshift type) or a value's representation must increment it.
     */
    public static final int MAPPING_VERSION = 1;

    /** Names starting with this (case-insensitive) are Sluice's own lake columns; source columns may not use it. */
    public static final String RESERVED_PREFIX = "_sluice_";

    /** Redshift's largest VARCHAR, in bytes (Redshift measures VARCHAR in bytes of UTF-8, not characters). */
    public static final int REDSHIFT_MAX_VARCHAR_BYTES = 65_535;

    /** Redshift's largest VARBYTE, in bytes (1 to 16,777,216 per the VARBYTE type reference). */
    public static final int REDSHIFT_MAX_VARBYTE_BYTES = 16_777_216;

    /** Redshift's longest identifier, in bytes of UTF-8; longer lake column names cannot be loaded. */
    public static final int REDSHIFT_MAX_IDENTIFIER_BYTES = 127;

    /** The largest DECIMAL precision of Parquet readers we target, Athena and Redshift. */
    public static final int MAX_DECIMAL_PRECISION = 38;

    /** Redshift's largest DECIMAL scale. */
    public static final int REDSHIFT_MAX_DECIMAL_SCALE = 37;

    /** The scale PostgreSQL numeric without precision gets under acceptLossy: DECIMAL(38, 10). */
    public static final int UNCONSTRAINED_NUMERIC_SCALE = 10;

    static final String VARCHAR_TRUNCATION = "strings longer than 65,535 bytes in UTF-8 do not fit Redshift "
            + "VARCHAR(65535): Redshift receives them truncated to 65,535 bytes at a character boundary at load "
            + "(the lake keeps them whole)";

    static final String VARBYTE_TRUNCATION = "values longer than 16,777,216 bytes do not fit Redshift "
            + "VARBYTE(16777216): Redshift receives them truncated to 16,777,216 bytes at load (the lake keeps "
            + "them whole)";

    static final String FLOAT_NOTE = "IEEE 754 bits are kept: NaN, +Infinity, -Infinity and -0.0 reach Parquet and "
            + "Athena unchanged; Redshift FLOAT4/FLOAT8 accept NaN and the infinities (its PostgreSQL 8 heritage; "
            + "its type reference lists no special values, so validation counts them) and compare -0.0 equal to 0.0";

    private final Engine engine;

    private TypeMapping(Engine engine) {
        this.engine = engine;
    }

    /** The mapping for columns of {@code engine}. */
    public static TypeMapping of(Engine engine) {
        if (engine == null) {
            throw new IllegalArgumentException("engine is required (sqlserver or postgresql)");
        }
        return new TypeMapping(engine);
    }

    public Engine engine() {
        return engine;
    }

    /**
     * Maps every column of {@code table} in ordinal order, each with its override from config ({@code columns:} of
     * the table entry). This is the one mapping of a table that the plan, the fidelity report and extraction share,
     * so their schema fingerprints agree by construction.
     */
    public List<ColumnMapping> map(SourceTable table, Map<String, ColumnOverride> overrides) {
        Map<String, ColumnOverride> given = overrides == null ? Map.of() : overrides;
        return table.columns().stream().map(c -> {
            String key = overrideKey(given, c.name());
            return map(c, key == null ? null : given.get(key));
        }).toList();
    }

    /**
     * The config key that names {@code column} in {@code overrides}: the exact name, else one that differs only in
     * case (source catalogs and YAML authors disagree on case; Glue and Athena ignore it); {@code null} when none.
     */
    public static String overrideKey(Map<String, ColumnOverride> overrides, String column) {
        if (overrides.containsKey(column)) {
            return column;
        }
        return overrides.keySet().stream().filter(k -> k.equalsIgnoreCase(column)).findFirst().orElse(null);
    }

    /**
     * Maps {@code column} with config's {@code override} for it ({@code null}, or an override without a policy,
     * means none).
     */
    public ColumnMapping map(SourceColumn column, ColumnOverride override) {
        if (column.typeName() == null || column.typeName().isBlank()) {
            throw new IllegalArgumentException("column " + column.name() + " has no type name: the source "
                    + "introspection must report one (lower case, without modifiers, e.g. nvarchar)");
        }
        Policy policy = override == null ? null : override.policy();
        String declared = declaredType(column);
        if (column.name().toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
            return reservedName(column, declared, policy);
        }
        Rule rule = engine == Engine.SQLSERVER ? sqlServer(column) : postgres(column);
        Natural natural = rule.natural();
        if (policy == null) {
            return switch (natural.fidelity()) {
                case EXACT -> build(column, declared, natural, null, MappingStatus.OK, "");
                case LOSSY -> build(column, declared, natural, null, MappingStatus.NEEDS_POLICY,
                        "lossy: choose acceptLossy, asString or exclude");
                case UNSUPPORTED -> build(column, declared, natural, null, MappingStatus.NEEDS_POLICY,
                        "unsupported: choose asString or exclude");
            };
        }
        return switch (policy) {
            case EXCLUDE -> new ColumnMapping(column, declared, List.of(), null, null, natural.fidelity(), "",
                    natural.note(), policy, MappingStatus.EXCLUDED, "excluded by config");
            case ACCEPT_LOSSY -> switch (natural.fidelity()) {
                case EXACT -> build(column, declared, natural, policy, MappingStatus.POLICY_NOT_NEEDED,
                        "the mapping is exact; acceptLossy changes nothing");
                case LOSSY -> build(column, declared, natural, policy, MappingStatus.LOSSY_ACCEPTED,
                        "loss accepted by config");
                case UNSUPPORTED -> build(column, declared, natural, policy, MappingStatus.POLICY_REJECTED,
                        "acceptLossy applies only to lossy mappings and " + declared
                                + " has no typed mapping: choose asString or exclude");
            };
            case AS_STRING -> asString(column, declared, natural, rule.asString());
        };
    }

    // ---------------------------------------------------------------------------------------------- policies

    private ColumnMapping asString(SourceColumn column, String declared, Natural natural, StringForm form) {
        Text text = text(form.maxBytes());
        String loss = form.loss().isEmpty() ? text.loss() : form.loss();
        Natural asText = new Natural(
                List.of(new Lake(LakeColumn.Role.VALUE, ParquetType.string(), "string", text.redshift())),
                STRING, form.projection(), natural.fidelity(), loss, "as string: " + form.description());
        if (natural.fidelity() == Fidelity.EXACT) {
            return build(column, declared, asText, Policy.AS_STRING, MappingStatus.POLICY_NOT_NEEDED,
                    "the mapping is exact; carried as string because config says asString");
        }
        return loss.isEmpty()
                ? build(column, declared, asText, Policy.AS_STRING, MappingStatus.OK, "carried as string by config")
                : build(column, declared, asText, Policy.AS_STRING, MappingStatus.LOSSY_ACCEPTED,
                        "carried as string by config; the string form is itself lossy");
    }

    private ColumnMapping reservedName(SourceColumn column, String declared, Policy policy) {
        String loss = "the column name starts with " + RESERVED_PREFIX
                + ", which is reserved for Sluice's own lake columns";
        if (policy == Policy.EXCLUDE) {
            return new ColumnMapping(column, declared, List.of(), null, null, Fidelity.UNSUPPORTED, "", "",
                    policy, MappingStatus.EXCLUDED, "excluded by config");
        }
        return new ColumnMapping(column, declared, List.of(), null, null, Fidelity.UNSUPPORTED, loss, "", policy,
                policy == null ? MappingStatus.NEEDS_POLICY : MappingStatus.POLICY_REJECTED,
                "a reserved name can only be excluded: choose exclude");
    }

    private static ColumnMapping build(SourceColumn column, String declared, Natural natural, Policy policy,
                                       MappingStatus status, String reason) {
        List<LakeColumn> lake = natural.lake().stream()
                .map(l -> new LakeColumn(l.role().columnName(column.name()), l.parquet(), l.glue(), l.redshift(),
                        column.nullable(), l.role()))
                .toList();
        boolean readable = !lake.isEmpty();
        return new ColumnMapping(column, declared, lake, readable ? natural.read() : null,
                readable ? natural.projection() : null, natural.fidelity(), natural.loss(),
                natural.note().replace("<column>", column.name()), policy, status, reason);
    }

    // ---------------------------------------------------------------------------------------------- SQL Server

    private Rule sqlServer(SourceColumn c) {
        String type = c.typeName();
        return switch (type) {
            case "bigint" -> exact(ParquetType.of(PhysicalType.INT64), "bigint", "BIGINT", LONG, "",
                    textCast(20, "decimal digits"));
            case "int" -> exact(ParquetType.of(PhysicalType.INT32), "int", "INTEGER", INT, "",
                    textCast(11, "decimal digits"));
            case "smallint" -> exact(ParquetType.of(PhysicalType.INT32, new LogicalType.Int(16, true)), "smallint",
                    "SMALLINT", SHORT, "", textCast(6, "decimal digits"));
            case "tinyint" -> exact(ParquetType.of(PhysicalType.INT32, new LogicalType.Int(8, false)), "smallint",
                    "SMALLINT", SHORT, "tinyint is 0..255: Athena's tinyint and Redshift have no unsigned byte, so "
                            + "both use smallint", textCast(3, "decimal digits"));
            case "bit" -> exact(ParquetType.of(PhysicalType.BOOLEAN), "boolean", "BOOLEAN", BOOLEAN, "",
                    textCast(1, "1 or 0"));
            case "decimal", "numeric" -> decimal(c);
            case "money" -> exact(ParquetType.decimal(19, 4), "decimal(19,4)", "DECIMAL(19,4)", DECIMAL,
                    "money is a 64-bit count of 1/10000 units: DECIMAL(19,4) holds its whole range",
                    textCast(22, "plain decimal text with 4 fractional digits (CONVERT style 2)"));
            case "smallmoney" -> exact(ParquetType.decimal(10, 4), "decimal(10,4)", "DECIMAL(10,4)", DECIMAL,
                    "smallmoney is a 32-bit count of 1/10000 units: DECIMAL(10,4) holds its whole range",
                    textCast(13, "plain decimal text with 4 fractional digits (CONVERT style 2)"));
            case "float" -> exact(ParquetType.of(PhysicalType.DOUBLE), "double", "DOUBLE PRECISION", DOUBLE,
                    "SQL Server float cannot hold NaN or infinities; " + FLOAT_NOTE, floatText());
            case "real" -> exact(ParquetType.of(PhysicalType.FLOAT), "float", "REAL", FLOAT,
                    "SQL Server real cannot hold NaN or infinities; " + FLOAT_NOTE, floatText());
            case "date" -> exact(ParquetType.of(PhysicalType.INT32, new LogicalType.Date()), "date", "DATE", DATE,
                    "", temporalText(10));
            case "time" -> time(c, fractionalDigits(c, 7), false);
            case "datetime" -> exact(localTimestamp(), "timestamp", "TIMESTAMP", LOCAL_DATETIME,
                    // datetime counts 1/300-second ticks. SQL Server presents every tick count as a whole
                    // millisecond ending in 0, 3 or 7 (tick 1 = 3.33 ms shows as .003, tick 2 as .007), and that
                    // millisecond value is what mssql-jdbc returns. A whole millisecond is 1,000 whole microseconds,
                    // so TIMESTAMP(MICROS) holds every such value exactly: nothing is rounded on our side.
                    "datetime ticks are 1/300 s, which SQL Server presents (and JDBC returns) as whole "
                            + "milliseconds ending in 0, 3 or 7; microseconds hold those exactly",
                    temporalText(23));
            case "datetime2" -> localTimestampOf(c);
            case "smalldatetime" -> exact(localTimestamp(), "timestamp", "TIMESTAMP", LOCAL_DATETIME,
                    "smalldatetime has minute precision", temporalText(19));
            case "datetimeoffset" -> datetimeOffset(c);
            case "char", "varchar" -> sqlServerText(c, 3,
                    "varchar(n)/char(n) hold n bytes of the collation's code page, and one such byte needs at "
                            + "most 3 bytes in UTF-8 (a UTF-8 collation needs 1, a double-byte code page 1.5), so "
                            + "the UTF-8 worst case is 3 bytes per declared byte");
            case "nchar", "nvarchar" -> sqlServerText(c, 3,
                    "nvarchar(n)/nchar(n) hold n UTF-16 code units: a BMP character is one unit and at most 3 "
                            + "UTF-8 bytes, a supplementary character is two units (a surrogate pair) and 4 UTF-8 "
                            + "bytes, so the UTF-8 worst case is 3 bytes per declared unit");
            case "text", "ntext" -> textRule(-1, "deprecated large text type", "");
            case "binary", "varbinary" -> binary(c.precision(), "binary(n) values are always n bytes");
            case "image" -> binary(-1, "");
            case "uniqueidentifier" -> exact(ParquetType.string(), "string", "VARCHAR(36)", STRING,
                    "carried as SQL Server's own textual form, upper case, 36 characters (e.g. "
                            + "6F9619FF-8B86-D011-B42D-00C04FC964FF); STRING rather than FIXED_LEN_BYTE_ARRAY(16) "
                            + "UUID because Glue/Athena tables and Redshift have no uuid type and Redshift COPY "
                            + "cannot turn 16 bytes into text; reading the text also avoids the mixed-endian "
                            + "byte order of SQL Server's binary form",
                    textCast(36, "the same 36-character upper-case text"));
            case "timestamp", "rowversion" -> exact(ParquetType.of(PhysicalType.INT64), "bigint", "BIGINT",
                    ROWVERSION_LONG,
                    "rowversion is an 8-byte big-endian counter, carried as a signed 64-bit integer so that Athena "
                            + "and Redshift order, compare and range-filter it like the source (watermarks); a "
                            + "value at or beyond 2^63 fails the chunk (at a billion increments a second that "
                            + "takes 292 years)",
                    hex(16));
            case "xml" -> textRule(-1, "as SQL Server serialises it (its xml type keeps neither the original "
                    + "whitespace nor the encoding declaration)", "");
            case "sql_variant" -> sqlVariant();
            case "hierarchyid" -> new Rule(new Natural(
                    List.of(value(ParquetType.string(), "string", "VARCHAR(4000)")), STRING,
                    ProjectionKind.HIERARCHYID_TO_STRING, Fidelity.EXACT, "",
                    "read as col.ToString() (nvarchar(4000) of ASCII digits, '/', '.', '-'), e.g. /1/3/; "
                            + "hierarchyid::Parse turns it back into the same value"),
                    new StringForm(ProjectionKind.HIERARCHYID_TO_STRING, 4000, "", "col.ToString(), e.g. /1/3/"));
            case "geography", "geometry" -> spatial(type);
            default -> unknown(c);
        };
    }

    private Rule sqlServerText(SourceColumn c, int bytesPerUnit, String widthNote) {
        long n = c.precision();
        String padding = c.typeName().equals("char") || c.typeName().equals("nchar")
                ? "; " + PADDING_NOTE : "";
        return textRule(n < 0 ? -1 : n * bytesPerUnit, n < 0 ? "" : widthNote + padding, "");
    }

    private Rule sqlVariant() {
        String loss = "the value is cast to nvarchar(4000): varchar, nvarchar and varbinary values whose text is "
                + "longer than 4,000 characters are truncated";
        Natural natural = new Natural(List.of(
                value(ParquetType.string(), "string", "VARCHAR(12000)"),
                new Lake(LakeColumn.Role.VARIANT_BASE_TYPE, ParquetType.string(), "string", "VARCHAR(128)")),
                STRING, ProjectionKind.VARIANT_TO_STRING, Fidelity.LOSSY, loss,
                "the value as text (round-trip styles per base type) plus its base type name in "
                        + LakeColumn.Role.VARIANT_BASE_TYPE.columnName("<column>"));
        return new Rule(natural, new StringForm(ProjectionKind.VARIANT_TO_STRING, 12_000, loss,
                "the value's text only, without its base type"));
    }

    private Rule spatial(String type) {
        String loss = "the SRID is not carried (WKT has none; geography is almost always SRID 4326); "
                + VARCHAR_TRUNCATION;
        return new Rule(new Natural(List.of(value(ParquetType.string(), "string", "VARCHAR(65535)")), STRING,
                ProjectionKind.SPATIAL_TO_WKT, Fidelity.LOSSY, loss,
                type + " read as Well-Known Text with Z and M (col.AsTextZM())"),
                new StringForm(ProjectionKind.SPATIAL_TO_WKT, -1, loss, "Well-Known Text (col.AsTextZM())"));
    }

    // ---------------------------------------------------------------------------------------------- PostgreSQL

    private Rule postgres(SourceColumn c) {
        String type = c.typeName();
        if (type.startsWith("_") && type.length() > 1) {
            return array(type.substring(1));
        }
        return switch (type) {
            case "int8" -> exact(ParquetType.of(PhysicalType.INT64), "bigint", "BIGINT", LONG, "",
                    textCast(20, "decimal digits"));
            case "int4" -> exact(ParquetType.of(PhysicalType.INT32), "int", "INTEGER", INT, "",
                    textCast(11, "decimal digits"));
            case "int2" -> exact(ParquetType.of(PhysicalType.INT32, new LogicalType.Int(16, true)), "smallint",
                    "SMALLINT", SHORT, "", textCast(6, "decimal digits"));
            case "float8" -> exact(ParquetType.of(PhysicalType.DOUBLE), "double", "DOUBLE PRECISION", DOUBLE,
                    FLOAT_NOTE, floatText());
            case "float4" -> exact(ParquetType.of(PhysicalType.FLOAT), "float", "REAL", FLOAT, FLOAT_NOTE,
                    floatText());
            case "bool" -> exact(ParquetType.of(PhysicalType.BOOLEAN), "boolean", "BOOLEAN", BOOLEAN, "",
                    textCast(5, "true or false"));
            case "numeric" -> decimal(c);
            case "money" -> new Rule(new Natural(
                    List.of(value(ParquetType.decimal(19, 2), "decimal(19,2)", "DECIMAL(19,2)")), DECIMAL,
                    ProjectionKind.MONEY_TO_NUMERIC, Fidelity.EXACT, "",
                    "read as col::numeric; money is a 64-bit count of cents under an lc_monetary with 2 "
                            + "fractional digits (the usual setting), which DECIMAL(19,2) holds whole; under an "
                            + "lc_monetary with 3 or more fractional digits the chunk fails naming the column"),
                    textCast(22, "plain decimal text (col::numeric::text), without currency symbol"));
            case "varchar" -> postgresText(c, "");
            case "bpchar" -> postgresText(c, PADDING_NOTE);
            case "text" -> textRule(-1, "", "");
            case "bytea" -> binary(-1, "");
            case "date" -> exact(ParquetType.of(PhysicalType.INT32, new LogicalType.Date()), "date", "DATE", DATE,
                    "'infinity', '-infinity' and dates after 294276-12-31 (Redshift's last date) fail the chunk "
                            + "naming the column and key", temporalText(16));
            case "time" -> time(c, 6, true);
            case "timetz" -> timeTz();
            case "timestamp" -> exact(localTimestamp(), "timestamp", "TIMESTAMP", LOCAL_DATETIME,
                    "PostgreSQL keeps microseconds, so nothing is lost; 'infinity' and '-infinity' fail the chunk "
                            + "naming the column and key", temporalText(32));
            case "timestamptz" -> exact(ParquetType.of(PhysicalType.INT64, new LogicalType.Timestamp(MICROS, true)),
                    "timestamp", "TIMESTAMPTZ", OFFSET_DATETIME,
                    "timestamptz stores an instant (no offset), carried as UTC microseconds; 'infinity' and "
                            + "'-infinity' fail the chunk naming the column and key", temporalText(40));
            case "uuid" -> exact(ParquetType.string(), "string", "VARCHAR(36)", JdbcReadKind.UUID,
                    "carried as canonical lower-case text (36 characters); STRING rather than "
                            + "FIXED_LEN_BYTE_ARRAY(16) UUID because Glue/Athena tables and Redshift have no uuid "
                            + "type and Redshift COPY cannot turn 16 bytes into text",
                    textCast(36, "the canonical 36-character lower-case text"));
            case "json", "jsonb" -> new Rule(new Natural(
                    List.of(value(ParquetType.json(), "string", "VARCHAR(65535)")), STRING, ProjectionKind.DIRECT,
                    Fidelity.LOSSY, VARCHAR_TRUNCATION, JSON_NOTE
                            + (type.equals("jsonb") ? "; jsonb text is PostgreSQL's normalised rendering (key "
                            + "order and whitespace are jsonb's, not the original input's)" : "")),
                    textCast(-1, "the JSON text"));
            case "xml" -> textRule(-1, "", "");
            case "interval" -> new Rule(new Natural(
                    List.of(value(ParquetType.string(), "string", "VARCHAR(64)")), STRING,
                    ProjectionKind.INTERVAL_TO_ISO8601, Fidelity.EXACT, "",
                    "ISO-8601 duration text with months, days and microseconds kept apart as PostgreSQL stores "
                            + "them (P1M is not P30D), e.g. P1Y2M3DT4H5M6.5S; at most 54 characters. Parquet's "
                            + "INTERVAL (months, days, milliseconds) would drop microseconds and Athena cannot "
                            + "read it"),
                    new StringForm(ProjectionKind.INTERVAL_TO_ISO8601, 64, "", "ISO-8601 duration text"));
            case "inet", "cidr" -> exact(ParquetType.string(), "string", "VARCHAR(49)", STRING,
                    "PostgreSQL's text form, e.g. 192.168.0.1/24 (at most 49 characters for IPv6 with a mask)",
                    textCast(49, "PostgreSQL's text form"));
            case "macaddr" -> exact(ParquetType.string(), "string", "VARCHAR(17)", STRING,
                    "PostgreSQL's text form, e.g. 08:00:2b:01:02:03", textCast(17, "PostgreSQL's text form"));
            case "macaddr8" -> exact(ParquetType.string(), "string", "VARCHAR(23)", STRING,
                    "PostgreSQL's text form, e.g. 08:00:2b:01:02:03:04:05", textCast(23, "PostgreSQL's text form"));
            default -> unknown(c);
        };
    }

    private Rule postgresText(SourceColumn c, String padding) {
        long n = c.precision();
        String note = "varchar(n)/bpchar(n) count characters (code points), each at most 4 bytes in UTF-8, so the "
                + "UTF-8 worst case is 4 bytes per declared character";
        if (!padding.isEmpty()) {
            note += "; " + padding;
        }
        return textRule(n < 0 ? -1 : n * 4, n < 0 ? "" : note, "");
    }

    private Rule array(String element) {
        String loss = VARCHAR_TRUNCATION + "; array lower bounds other than 1 are dropped (array_to_json "
                + "does not print them)";
        return new Rule(new Natural(List.of(value(ParquetType.json(), "string", "VARCHAR(65535)")), STRING,
                ProjectionKind.ARRAY_TO_JSON, Fidelity.LOSSY, loss,
                "array of " + element + " carried as JSON text (array_to_json): nested JSON arrays keep any "
                        + "number of dimensions and NULL elements, which a Parquet LIST column cannot (PostgreSQL "
                        + "does not enforce an array column's dimensions), and Redshift COPY loads a Parquet LIST "
                        + "only into SUPER; Athena reads the text with json_parse/CAST"),
                new StringForm(ProjectionKind.ARRAY_TO_JSON, -1, loss, "JSON text (array_to_json)"));
    }

    private Rule timeTz() {
        Natural natural = new Natural(List.of(
                value(ParquetType.of(PhysicalType.INT64, new LogicalType.Time(MICROS, true)), "bigint", "TIMETZ"),
                offsetColumn()),
                OFFSET_TIME, ProjectionKind.DIRECT, Fidelity.EXACT, "",
                "kept: the time of day normalised to UTC (microseconds after UTC midnight, wrapping at 24h) and "
                        + "the written offset in minutes east of UTC in "
                        + LakeColumn.Role.OFFSET_MINUTES.columnName("<column>")
                        + ", so the written local time is UTC time + offset; an offset with a seconds part "
                        + "(possible only from historical zone abbreviations) fails the chunk; " + TIME_GLUE_NOTE);
        return new Rule(natural, new StringForm(ProjectionKind.TEMPORAL_TO_ISO_TEXT, 24, "",
                "ISO-8601 text with offset, e.g. 12:34:56.789+02"));
    }

    // ---------------------------------------------------------------------------------------------- shared rules

    static final String PADDING_NOTE = "fixed-length values arrive padded with spaces to the declared length, as "
            + "the source returns them, and keep that padding in the lake and in Redshift VARCHAR (Redshift CHAR "
            + "is not used: it accepts single-byte characters only); Redshift ignores trailing spaces when "
            + "comparing VARCHAR, Athena does not";

    static final String JSON_NOTE = "Redshift VARCHAR rather than SUPER: COPY loads a Parquet string column into "
            + "SUPER as one string scalar (SERIALIZETOJSON only serialises nested Parquet types), so SUPER would "
            + "still need JSON_PARSE; VARCHAR keeps the exact text and JSON_PARSE can be applied in a view";

    static final String TIME_GLUE_NOTE = "Glue/Athena tables have no TIME type: Athena sees the microseconds "
            + "after midnight as bigint";

    /** Decimal and numeric: exact up to precision 38, else lossy with a stated rounding rule. */
    private Rule decimal(SourceColumn c) {
        int p = c.precision();
        int s = c.scale();
        if (p <= 0) {
            int scale = UNCONSTRAINED_NUMERIC_SCALE;
            int integerDigits = MAX_DECIMAL_PRECISION - scale;
            String loss = "numeric without precision holds any number of digits: under acceptLossy it is "
                    + "DECIMAL(38," + scale + "): values are rounded to " + scale + " fractional digits half away "
                    + "from zero (RoundingMode.HALF_UP, as PostgreSQL's round()); values with more than "
                    + integerDigits + " integer digits, NaN and the infinities fail the chunk naming the column "
                    + "and key (asString carries them exactly)";
            return new Rule(new Natural(List.of(value(ParquetType.decimal(MAX_DECIMAL_PRECISION, scale),
                    "decimal(38," + scale + ")", "DECIMAL(38," + scale + ")")), DECIMAL, ProjectionKind.DIRECT,
                    Fidelity.LOSSY, loss, ""),
                    textCast(-1, "the exact decimal text, including NaN and Infinity"));
        }
        // PostgreSQL 15 allows a negative scale (numeric(3,-2) holds multiples of 100 up to 99,900) and a scale
        // above the precision (numeric(3,5) holds 0.00001 .. 0.00999); both are exact as a plain DECIMAL.
        int precision = s < 0 ? p - s : Math.max(p, s);
        int scale = Math.max(s, 0);
        String nanNote = engine == Engine.POSTGRESQL
                ? "PostgreSQL numeric may hold NaN even with a declared precision; a NaN fails the chunk naming "
                + "the column and key (asString carries it)" : "";
        StringForm form = textCast(precision + 3L, "the exact plain decimal text");
        if (precision <= MAX_DECIMAL_PRECISION) {
            Lake lake = value(ParquetType.decimal(precision, scale), "decimal(" + precision + "," + scale + ")",
                    "DECIMAL(" + precision + "," + Math.min(scale, REDSHIFT_MAX_DECIMAL_SCALE) + ")");
            if (scale > REDSHIFT_MAX_DECIMAL_SCALE) {
                return new Rule(new Natural(List.of(lake), DECIMAL, ProjectionKind.DIRECT, Fidelity.LOSSY,
                        "Redshift's largest DECIMAL scale is 37: the lake and Athena keep all 38 fractional "
                                + "digits, Redshift receives them rounded to 37 half away from zero", nanNote), form);
            }
            return new Rule(new Natural(List.of(lake), DECIMAL, ProjectionKind.DIRECT, Fidelity.EXACT, "",
                    nanNote), form);
        }
        int integerDigits = precision - scale;
        int keptScale = Math.min(scale, Math.max(0, MAX_DECIMAL_PRECISION - integerDigits));
        String loss = "precision " + precision + " exceeds 38: under acceptLossy it is DECIMAL(38," + keptScale
                + "): values are rounded to " + keptScale + " fractional digits half away from zero "
                + "(RoundingMode.HALF_UP, as PostgreSQL's round())"
                + (integerDigits > MAX_DECIMAL_PRECISION - keptScale
                ? "; values with more than " + (MAX_DECIMAL_PRECISION - keptScale)
                + " integer digits fail the chunk naming the column and key" : "")
                + " (asString carries every digit)";
        return new Rule(new Natural(List.of(value(ParquetType.decimal(MAX_DECIMAL_PRECISION, keptScale),
                "decimal(38," + keptScale + ")", "DECIMAL(38," + keptScale + ")")), DECIMAL, ProjectionKind.DIRECT,
                Fidelity.LOSSY, loss, nanNote), form);
    }

    /** A time of day with {@code digits} fractional-second digits as the source declares them. */
    private Rule time(SourceColumn c, int digits, boolean postgres) {
        Fidelity fidelity = digits <= 6 ? Fidelity.EXACT : Fidelity.LOSSY;
        String loss = digits <= 6 ? "" : subMicrosecondLoss("12:00:00.1234567", "12:00:00.123456");
        String note = (postgres ? "PostgreSQL's 24:00:00 fails the chunk naming the column and key (a LocalTime "
                + "cannot hold it); " : "") + TIME_GLUE_NOTE;
        return new Rule(new Natural(List.of(value(ParquetType.of(PhysicalType.INT64,
                new LogicalType.Time(MICROS, false)), "bigint", "TIME")), TIME, ProjectionKind.DIRECT, fidelity, loss,
                note), temporalText(16));
    }

    private Rule localTimestampOf(SourceColumn c) {
        int digits = fractionalDigits(c, 7);
        Fidelity fidelity = digits <= 6 ? Fidelity.EXACT : Fidelity.LOSSY;
        String loss = digits <= 6 ? ""
                : subMicrosecondLoss("2024-05-01 12:00:00.1234567", "2024-05-01 12:00:00.123456");
        return new Rule(new Natural(List.of(value(localTimestamp(), "timestamp", "TIMESTAMP")), LOCAL_DATETIME,
                ProjectionKind.DIRECT, fidelity, loss, ""), temporalText(27));
    }

    private Rule datetimeOffset(SourceColumn c) {
        int digits = fractionalDigits(c, 7);
        Fidelity fidelity = digits <= 6 ? Fidelity.EXACT : Fidelity.LOSSY;
        String loss = digits <= 6 ? "" : subMicrosecondLoss("2024-05-01 12:00:00.1234567 +02:00",
                "2024-05-01 10:00:00.123456 UTC with offset +120");
        Natural natural = new Natural(List.of(
                value(ParquetType.of(PhysicalType.INT64, new LogicalType.Timestamp(MICROS, true)), "timestamp",
                        "TIMESTAMPTZ"),
                offsetColumn()),
                OFFSET_DATETIME, ProjectionKind.DIRECT, fidelity, loss,
                "both kept: the instant as UTC microseconds, and the offset in minutes east of UTC in "
                        + LakeColumn.Role.OFFSET_MINUTES.columnName("<column>")
                        + " (-840..+840), so the written local time is instant + offset");
        return new Rule(natural, temporalText(34));
    }

    private static String subMicrosecondLoss(String example, String becomes) {
        return "7 fractional digits (100 ns) are truncated to microseconds: the 7th digit is dropped, never "
                + "rounded, which moves a value to the earlier microsecond (e.g. " + example + " becomes "
                + becomes + ")";
    }

    private static int fractionalDigits(SourceColumn c, int defaultDigits) {
        int p = c.precision();
        return p < 0 || p > defaultDigits ? defaultDigits : p;
    }

    private static Lake offsetColumn() {
        return new Lake(LakeColumn.Role.OFFSET_MINUTES, ParquetType.of(PhysicalType.INT32,
                new LogicalType.Int(16, true)), "smallint", "SMALLINT");
    }

    private static ParquetType localTimestamp() {
        return ParquetType.of(PhysicalType.INT64, new LogicalType.Timestamp(MICROS, false));
    }

    /** Text whose UTF-8 worst case is {@code worstBytes} ({@code -1}: unbounded). */
    private static Rule textRule(long worstBytes, String note, String description) {
        Text text = text(worstBytes);
        return new Rule(new Natural(List.of(value(ParquetType.string(), "string", text.redshift())), STRING,
                ProjectionKind.DIRECT, text.loss().isEmpty() ? Fidelity.EXACT : Fidelity.LOSSY, text.loss(), note),
                textCast(worstBytes, description.isEmpty() ? "the text itself" : description));
    }

    /** The Redshift VARCHAR for a UTF-8 worst case and the loss, if any. */
    private static Text text(long worstBytes) {
        if (worstBytes >= 0 && worstBytes <= REDSHIFT_MAX_VARCHAR_BYTES) {
            return new Text("VARCHAR(" + Math.max(1, worstBytes) + ")", "");
        }
        return new Text("VARCHAR(" + REDSHIFT_MAX_VARCHAR_BYTES + ")", VARCHAR_TRUNCATION);
    }

    private static Rule binary(long bytes, String note) {
        boolean fits = bytes >= 0 && bytes <= REDSHIFT_MAX_VARBYTE_BYTES;
        return new Rule(new Natural(List.of(value(ParquetType.of(PhysicalType.BINARY), "binary",
                "VARBYTE(" + (fits ? Math.max(1, bytes) : REDSHIFT_MAX_VARBYTE_BYTES) + ")")), BYTES,
                ProjectionKind.DIRECT, fits ? Fidelity.EXACT : Fidelity.LOSSY, fits ? "" : VARBYTE_TRUNCATION, note),
                hex(bytes < 0 ? -1 : bytes * 2));
    }

    private Rule unknown(SourceColumn c) {
        return new Rule(new Natural(List.of(), null, null, Fidelity.UNSUPPORTED,
                "no typed mapping for " + engine.name().toLowerCase(Locale.ROOT) + " type " + c.typeName()
                        + " (user-defined, enum, extension or unlisted type)", ""),
                textCast(-1, "the source's own text form of the value"));
    }

    private static Rule exact(ParquetType parquet, String glue, String redshift, JdbcReadKind read, String note,
                              StringForm asString) {
        return new Rule(new Natural(List.of(value(parquet, glue, redshift)), read, ProjectionKind.DIRECT,
                Fidelity.EXACT, "", note), asString);
    }

    private static Lake value(ParquetType parquet, String glue, String redshift) {
        return new Lake(LakeColumn.Role.VALUE, parquet, glue, redshift);
    }

    private static StringForm textCast(long maxBytes, String description) {
        return new StringForm(ProjectionKind.TEXT_CAST, maxBytes, "", description);
    }

    private static StringForm floatText() {
        return new StringForm(ProjectionKind.FLOAT_TO_TEXT, 24, "", "round-trip decimal text (NaN, Infinity)");
    }

    private static StringForm temporalText(long maxBytes) {
        return new StringForm(ProjectionKind.TEMPORAL_TO_ISO_TEXT, maxBytes, "",
                "ISO-8601 text with every stored fractional digit");
    }

    private static StringForm hex(long maxBytes) {
        return new StringForm(ProjectionKind.BINARY_TO_HEX, maxBytes, "", "lower-case hexadecimal, no prefix");
    }

    // ---------------------------------------------------------------------------------------------- declared type

    /** The column's type as the source would print it, e.g. {@code nvarchar(max)}, {@code numeric(12,2)}. */
    public String declaredType(SourceColumn c) {
        String t = c.typeName();
        int p = c.precision();
        int s = c.scale();
        if (engine == Engine.SQLSERVER) {
            return switch (t) {
                case "char", "varchar", "nchar", "nvarchar", "binary", "varbinary" ->
                        t + "(" + (p < 0 ? "max" : String.valueOf(p)) + ")";
                case "decimal", "numeric" -> t + "(" + p + "," + Math.max(s, 0) + ")";
                case "time", "datetime2", "datetimeoffset" -> t + "(" + fractionalDigits(c, 7) + ")";
                default -> t;
            };
        }
        if (t.startsWith("_") && t.length() > 1) {
            return t.substring(1) + "[]";
        }
        return switch (t) {
            case "varchar", "bpchar" -> p < 0 ? t : t + "(" + p + ")";
            case "numeric" -> p <= 0 ? t : t + "(" + p + "," + s + ")";
            case "time", "timetz", "timestamp", "timestamptz" -> p >= 0 && p < 6 ? t + "(" + p + ")" : t;
            default -> t;
        };
    }

    // ---------------------------------------------------------------------------------------------- internals

    /** A lake column before it is named after its source column. */
    private record Lake(LakeColumn.Role role, ParquetType parquet, String glue, String redshift) {
    }

    /** A type's own mapping, before any policy. */
    private record Natural(List<Lake> lake, JdbcReadKind read, ProjectionKind projection, Fidelity fidelity,
                           String loss, String note) {
    }

    /**
     * A type's string form under asString: how it is projected, its UTF-8 worst case in bytes ({@code -1}:
     * unbounded), a loss of its own (empty when the text is exact), and what the text looks like.
     */
    private record StringForm(ProjectionKind projection, long maxBytes, String loss, String description) {
    }

    private record Rule(Natural natural, StringForm asString) {
    }

    private record Text(String redshift, String loss) {
    }
}
