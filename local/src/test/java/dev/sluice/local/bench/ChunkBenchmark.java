package dev.sluice.local.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.Engine;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.TlsMode;
import dev.sluice.core.extract.ChunkWriterSettings;
import dev.sluice.core.extract.chunk.ChunkAssignment;
import dev.sluice.core.extract.chunk.ChunkOutcome;
import dev.sluice.core.extract.chunk.ExtractChunk;
import dev.sluice.core.extract.chunk.PlannedSchema;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.plan.RunPlanner;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.PostgresDialect;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import dev.sluice.core.types.TypeMapping;
import dev.sluice.lambda.aws.testing.S3ProxyFixture;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * Measures one chunk of a lineitem-like table on embedded PostgreSQL, each contender in its own child JVM so its peak
 * RSS (VmHWM) is its own:
 * <ol>
 *   <li>{@code copy}: the limit, {@code COPY (SELECT ... ORDER BY key) TO STDOUT (FORMAT binary)} through PgJDBC's
 *       CopyManager into a null sink (the same query text Sluice sends, so only the client side differs);</li>
 *   <li>{@code sluice}: {@link ExtractChunk} end to end, PostgreSQL binary COPY -> Parquet (ZSTD) -> S3Proxy on a
 *       filesystem store; {@code sluice-jdbc} the same over JDBC row fetching (not in the default run);</li>
 *   <li>{@code spark}: Spark local[2] JDBC read -> Parquet (ZSTD), {@code SparkPeer} in a JDK 17-23 child
 *       ({@code --spark-java}), only when spark-sql is on the class path
 *       ({@code -Pspark-bench}, which runs {@code copy,spark} by default: Spark's dependencies change versions of
 *       libraries S3Proxy needs, so Sluice is measured in the default run and compared with Spark through the COPY
 *       figure both runs print);</li>
 *   <li>{@code jsonl}: the seed's format, the same rows as gzip JSON lines to a file.</li>
 * </ol>
 * Run (not part of the build):
 * <pre>
 * ./mvnw -q -pl local -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.sluice.local.bench.ChunkBenchmark -Dexec.args="--rows 10000000"
 * </pre>
 */
public final class ChunkBenchmark {

    static final String TABLE = "bench.lineitem";
    static final String COLUMNS = "l_id, l_partkey, l_quantity, l_extendedprice, l_discount, l_shipmode, l_comment, "
            + "l_shipdate, l_receiptdate, l_updated_at, l_returned";
    static final String SELECT = "SELECT " + COLUMNS + " FROM bench.lineitem WHERE l_id IS NOT NULL ORDER BY l_id";

    private ChunkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (options.containsKey("contender")) {
            child(options);
            return;
        }
        long rows = Long.parseLong(options.getOrDefault("rows", "10000000"));
        String heap = options.getOrDefault("heap", "2g");
        try (EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.start()) {
            long began = System.nanoTime();
            generate(pg, rows, options.getOrDefault("comments", "tpch"));
            System.out.printf("generated %,d rows in %.1f s (table %,d MB)%n", rows,
                    (System.nanoTime() - began) / 1e9,
                    pg.queryLong("SELECT pg_total_relation_size('bench.lineitem')") / 1_000_000);
            try (Connection c = pg.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT l_comment FROM bench.lineitem WHERE l_id BETWEEN 2 AND 5"
                         + " ORDER BY l_id")) {
                StringBuilder sample = new StringBuilder("l_comment sample:");
                while (rs.next()) {
                    sample.append(" '").append(rs.getString(1)).append('\'');
                }
                System.out.println(sample);
            }
            List<String> contenders = new ArrayList<>(List.of(options.getOrDefault("contenders",
                    sparkAvailable() ? "copy,spark" : "copy,sluice,jsonl").split(",")));
            if (!sparkAvailable()) {
                contenders.remove("spark");
                System.out.println("spark: skipped (spark-sql not on the class path; run with -Pspark-bench)");
            }
            Map<String, Map<String, String>> results = new LinkedHashMap<>();
            for (String contender : contenders) {
                Map<String, String> result = fork(contender, pg.port(), heap, options.get("jfr"),
                        options.get("dump"), options.get("spark-java"));
                results.put(contender, result);
                System.out.println(contender + ": " + result);
            }
            report(results, rows);
        }
    }

    // ------------------------------------------------------------------------------------------------ the table

    /**
     * TPC-H's word lists (specification 4.2.2.10), from which its text grammar builds the pool {@code l_comment}
     * draws from.
     */
    static final String[] NOUNS = {"foxes", "ideas", "theodolites", "pinto beans", "instructions", "dependencies",
        "excuses", "platelets", "asymptotes", "courts", "dolphins", "multipliers", "sauternes", "warthogs", "frets",
        "dinos", "attainments", "somas", "Tiresias", "patterns", "forges", "braids", "hockey players", "frays",
        "warhorses", "dugouts", "notornis", "epitaphs", "pearls", "tithes", "waters", "orbits", "gifts", "sheaves",
        "depths", "sentiments", "decoys", "realms", "pains", "grouches", "escapades"};
    static final String[] VERBS = {"sleep", "wake", "are", "cajole", "haggle", "nag", "use", "boost", "affix",
        "detect", "integrate", "maintain", "nod", "was", "lose", "sublate", "solve", "thrash", "promise", "engage",
        "hinder", "print", "x-ray", "breach", "eat", "grow", "impress", "mold", "poach", "serve", "run", "dazzle",
        "snooze", "doze", "unwind", "kindle", "play", "hang", "believe", "doubt"};
    static final String[] ADJECTIVES = {"furious", "sly", "careful", "blithe", "quick", "fluffy", "slow", "quiet",
        "ruthless", "thin", "close", "dogged", "daring", "brave", "stealthy", "permanent", "enticing", "idle", "busy",
        "regular", "final", "ironic", "even", "bold", "silent"};
    static final String[] ADVERBS = {"sometimes", "always", "never", "furiously", "slyly", "carefully", "blithely",
        "quickly", "fluffily", "slowly", "quietly", "ruthlessly", "thinly", "closely", "doggedly", "daringly",
        "bravely", "stealthily", "permanently", "enticingly", "idly", "busily", "regularly", "finally", "ironically",
        "evenly", "boldly", "silently"};
    static final String[] PREPOSITIONS = {"about", "above", "according to", "across", "after", "against", "along",
        "alongside of", "among", "around", "at", "atop", "before", "behind", "beneath", "beside", "besides",
        "between", "beyond", "by", "despite", "during", "except", "for", "from", "in place of", "inside",
        "instead of", "into", "near", "of", "on", "outside", "over", "past", "since", "through", "throughout", "to",
        "toward", "under", "until", "up", "upon", "without", "with", "within"};
    static final String[] AUXILIARIES = {"do", "may", "might", "shall", "will", "would", "can", "could", "should",
        "ought to", "must", "will have to", "shall have to", "could have to", "should have to", "must have to",
        "need to", "try to"};
    static final String[] TERMINATORS = {".", ";", ":", "?", "!", "--"};

    /**
     * The table. {@code l_comment} is TPC-H-like by default ({@code comments = "tpch"}): text of 10-43 characters
     * cut from sentences of TPC-H's grammar (noun phrase, verb phrase, optional prepositional phrase or object,
     * terminator) over its word lists, every choice a deterministic hash of the row number. {@code "md5"} is the
     * earlier generator (25-44 hex digits of md5 hashes: 4 bits of entropy a character, nothing like lineitem),
     * kept to compare with figures measured on it.
     */
    static void generate(EmbeddedPostgresFixture pg, long rows, String comments) {
        String comment = switch (comments) {
            case "tpch" -> "substr(bench.sentence(g * 2) || ' ' || bench.sentence(g * 2 + 1), 1 + bench.pick(g, 90, 12),"
                    + " 10 + bench.pick(g, 91, 34))";
            case "md5" -> "substr(md5(g::text) || md5((g + 1)::text), 1, (25 + g % 20)::int)";
            default -> throw new IllegalArgumentException("--comments is tpch or md5, not " + comments);
        };
        pg.execute("CREATE SCHEMA bench",
                // a uniform choice in [0, n) for seed s and choice i: a hash, so the data is the same every run
                "CREATE FUNCTION bench.pick(s bigint, i int, n int) RETURNS int LANGUAGE sql IMMUTABLE AS"
                        + " $$ SELECT ((hashint8(s * 128 + i) % n) + n) % n $$",
                "CREATE FUNCTION bench.word(w text[], s bigint, i int) RETURNS text LANGUAGE sql IMMUTABLE AS"
                        + " $$ SELECT w[1 + bench.pick(s, i, cardinality(w))] $$",
                "CREATE FUNCTION bench.noun_phrase(s bigint, i int) RETURNS text LANGUAGE sql IMMUTABLE AS $$"
                        + " SELECT CASE bench.pick(s, i, 4)"
                        + " WHEN 0 THEN bench.word(" + words(NOUNS) + ", s, i + 1)"
                        + " WHEN 1 THEN bench.word(" + words(ADJECTIVES) + ", s, i + 2) || ' '"
                        + " || bench.word(" + words(NOUNS) + ", s, i + 1)"
                        + " WHEN 2 THEN bench.word(" + words(ADJECTIVES) + ", s, i + 2) || ', '"
                        + " || bench.word(" + words(ADJECTIVES) + ", s, i + 3) || ' '"
                        + " || bench.word(" + words(NOUNS) + ", s, i + 1)"
                        + " ELSE bench.word(" + words(ADVERBS) + ", s, i + 3) || ' '"
                        + " || bench.word(" + words(ADJECTIVES) + ", s, i + 2) || ' '"
                        + " || bench.word(" + words(NOUNS) + ", s, i + 1) END $$",
                "CREATE FUNCTION bench.verb_phrase(s bigint, i int) RETURNS text LANGUAGE sql IMMUTABLE AS $$"
                        + " SELECT CASE bench.pick(s, i, 4)"
                        + " WHEN 0 THEN bench.word(" + words(VERBS) + ", s, i + 1)"
                        + " WHEN 1 THEN bench.word(" + words(AUXILIARIES) + ", s, i + 2) || ' '"
                        + " || bench.word(" + words(VERBS) + ", s, i + 1)"
                        + " WHEN 2 THEN bench.word(" + words(VERBS) + ", s, i + 1) || ' '"
                        + " || bench.word(" + words(ADVERBS) + ", s, i + 3)"
                        + " ELSE bench.word(" + words(AUXILIARIES) + ", s, i + 2) || ' '"
                        + " || bench.word(" + words(VERBS) + ", s, i + 1) || ' '"
                        + " || bench.word(" + words(ADVERBS) + ", s, i + 3) END $$",
                "CREATE FUNCTION bench.prepositional_phrase(s bigint, i int) RETURNS text LANGUAGE sql IMMUTABLE AS"
                        + " $$ SELECT bench.word(" + words(PREPOSITIONS) + ", s, i) || ' the '"
                        + " || bench.noun_phrase(s, i + 1) $$",
                // TPC-H's five sentence forms: NP VP T, NP VP PP T, NP VP NP T, NP PP VP NP T, NP PP VP PP T
                "CREATE FUNCTION bench.sentence(s bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$"
                        + " SELECT CASE bench.pick(s, 0, 5)"
                        + " WHEN 0 THEN bench.noun_phrase(s, 10) || ' ' || bench.verb_phrase(s, 20)"
                        + " WHEN 1 THEN bench.noun_phrase(s, 10) || ' ' || bench.verb_phrase(s, 20) || ' '"
                        + " || bench.prepositional_phrase(s, 30)"
                        + " WHEN 2 THEN bench.noun_phrase(s, 10) || ' ' || bench.verb_phrase(s, 20) || ' '"
                        + " || bench.noun_phrase(s, 40)"
                        + " WHEN 3 THEN bench.noun_phrase(s, 10) || ' ' || bench.prepositional_phrase(s, 30) || ' '"
                        + " || bench.verb_phrase(s, 20) || ' ' || bench.noun_phrase(s, 40)"
                        + " ELSE bench.noun_phrase(s, 10) || ' ' || bench.prepositional_phrase(s, 30) || ' '"
                        + " || bench.verb_phrase(s, 20) || ' ' || bench.prepositional_phrase(s, 50) END"
                        + " || bench.word(" + words(TERMINATORS) + ", s, 60) $$",
                "CREATE TABLE bench.lineitem (l_id bigint NOT NULL, l_partkey integer, l_quantity numeric(18,2),"
                        + " l_extendedprice numeric(18,2), l_discount numeric(18,2), l_shipmode varchar(25),"
                        + " l_comment varchar(44), l_shipdate date, l_receiptdate date, l_updated_at timestamp,"
                        + " l_returned boolean)",
                "INSERT INTO bench.lineitem SELECT g,"
                        + " CASE WHEN g % 10 = 1 THEN NULL ELSE (g * 7919 % 200000)::int END,"
                        + " CASE WHEN g % 10 = 2 THEN NULL ELSE (1 + g % 50)::numeric(18,2) END,"
                        + " CASE WHEN g % 10 = 3 THEN NULL ELSE ((g * 104729 % 10000000) / 100.0)::numeric(18,2) END,"
                        + " CASE WHEN g % 10 = 4 THEN NULL ELSE ((g % 11) / 100.0)::numeric(18,2) END,"
                        + " CASE WHEN g % 10 = 5 THEN NULL ELSE (ARRAY['AIR','MAIL','SHIP','TRUCK','RAIL','FOB',"
                        + "'REG AIR'])[1 + g % 7] END,"
                        + " CASE WHEN g % 10 = 6 THEN NULL ELSE " + comment + " END,"
                        + " CASE WHEN g % 10 = 7 THEN NULL ELSE DATE '1992-01-01' + (g % 2500)::int END,"
                        + " CASE WHEN g % 10 = 8 THEN NULL ELSE DATE '1992-01-01' + (g % 2500)::int + (g % 30)::int END,"
                        + " CASE WHEN g % 10 = 9 THEN NULL ELSE TIMESTAMP '2020-01-01' + (g * interval '1 second') END,"
                        + " CASE WHEN g % 10 = 0 THEN NULL ELSE g % 3 = 0 END"
                        + " FROM generate_series(1::bigint, " + rows + ") g",
                "ALTER TABLE bench.lineitem ADD PRIMARY KEY (l_id)",
                "VACUUM ANALYZE bench.lineitem");
    }

    /** A SQL text array literal of {@code words} (constants of this class: no quotes inside). */
    private static String words(String[] words) {
        return "ARRAY['" + String.join("','", words) + "']";
    }

    // ------------------------------------------------------------------------------------------------ children

    static Map<String, String> fork(String contender, int port, String heap, String jfrDirectory, String dump,
                                    String sparkJava)
            throws Exception {
        boolean spark = contender.equals("spark");
        String java = spark ? sparkJava(sparkJava)
                : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseParallelGC"));
        if (jfrDirectory != null) { // a sampling profile of the child: jfr print --events jdk.ExecutionSample
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + Path.of(jfrDirectory, contender + ".jfr").toAbsolutePath());
        }
        command.addAll(List.of(
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED"));
        if (spark) { // the rest of the JVM options Spark 4.0's launcher passes (JavaModuleOptions)
            command.addAll(SPARK_JVM_OPTIONS);
            command.addAll(List.of("-cp", classPath(), "dev.sluice.local.bench.SparkPeer",
                    "--port", Integer.toString(port)));
        } else {
            command.addAll(List.of("-cp", classPath(),
                    ChunkBenchmark.class.getName(), "--contender", contender, "--port", Integer.toString(port)));
        }
        if (dump != null && contender.equals("copy")) {
            command.addAll(List.of("--dump", Path.of(dump).toAbsolutePath().toString()));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> result = new LinkedHashMap<>();
        StringBuilder output = new StringBuilder();
        try (var lines = process.inputReader().lines()) {
            lines.forEach(line -> {
                if (line.startsWith("INFO ")) {
                    System.out.println(contender + ": " + line.substring(5));
                } else if (line.startsWith("RESULT ")) {
                    for (String pair : line.substring(7).split(" ")) {
                        int eq = pair.indexOf('=');
                        result.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                } else {
                    output.append(line).append('\n');
                }
            });
        }
        int exit = process.waitFor();
        if (exit != 0 || result.isEmpty()) {
            String tail = output.length() > 4000 ? output.substring(output.length() - 4000) : output.toString();
            result.put("failed", "exit " + exit);
            System.out.println(contender + " failed (exit " + exit + "):\n" + tail);
        }
        return result;
    }

    static final List<String> SPARK_JVM_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    /**
     * The java launcher of the Spark child: {@code --spark-java}, else the first JDK 17 or 21 under /usr/lib/jvm.
     * Spark 4.0's Hadoop login calls {@code Subject.getSubject}, which throws from JDK 24 on, and {@code SparkPeer}
     * is compiled for release 17.
     */
    static String sparkJava(String option) throws IOException {
        if (option != null) {
            return option;
        }
        for (String version : List.of("17", "21")) {
            try (var jdks = Files.newDirectoryStream(Path.of("/usr/lib/jvm"), "*" + version + "*")) {
                for (Path jdk : jdks) {
                    if (Files.isExecutable(jdk.resolve("bin/java"))) {
                        return jdk.resolve("bin/java").toString();
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                break;
            }
        }
        throw new IllegalStateException("spark: no JDK 17-23 found under /usr/lib/jvm (Spark 4.0 fails on JDK 24+);"
                + " pass --spark-java /path/to/jdk-17/bin/java");
    }

    /** The class path of this run: exec:java's class loader URLs, else the JVM's own. */
    static String classPath() {
        List<String> entries = new ArrayList<>();
        ClassLoader loader = ChunkBenchmark.class.getClassLoader();
        while (loader != null) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (Exception e) {
                        throw new IllegalStateException("class path entry " + url, e);
                    }
                }
            }
            loader = loader.getParent();
        }
        return entries.isEmpty() ? System.getProperty("java.class.path")
                : String.join(File.pathSeparator, entries);
    }

    static void child(Map<String, String> options) throws Exception {
        String url = "jdbc:postgresql://localhost:" + options.get("port") + "/postgres?user=postgres";
        Map<String, Object> result = switch (options.get("contender")) {
            case "copy" -> copy(url, options.get("dump"));
            case "sluice" -> sluice(url, Integer.parseInt(options.get("port")), true);
            case "sluice-jdbc" -> sluice(url, Integer.parseInt(options.get("port")), false);
            case "jsonl" -> jsonl(url);
            default -> throw new IllegalArgumentException("unknown contender " + options.get("contender"));
        };
        StringBuilder line = new StringBuilder("RESULT");
        result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        line.append(" peakRssMb=").append(peakRssKb() / 1024);
        // CPU of the whole child JVM (its threads, S3Proxy's in-process server for sluice, JIT and GC), in seconds
        line.append(" cpuS=").append(String.format(java.util.Locale.ROOT, "%.1f",
                ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9));
        System.out.println(line);
    }

    /** Seconds since {@code began}: each contender times its own work, not JVM start or fixture setup. */
    static String seconds(long began) {
        return String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - began) / 1e9);
    }

    static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------------ contenders

    /** {@code dump}: also keeps the stream in that file (to profile the extractor without a database). */
    static Map<String, Object> copy(String url, String dump) throws Exception {
        long began = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url);
             OutputStream file = dump == null ? null : new BufferedOutputStream(Files.newOutputStream(Path.of(dump)),
                     1 << 16)) {
            CountingSink sink = new CountingSink(file);
            long rows = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (" + SELECT + ") TO STDOUT (FORMAT binary)", sink);
            return Map.of("rows", rows, "outBytes", sink.bytes, "seconds", seconds(began));
        }
    }

    /** Sluice's ExtractChunk; {@code binaryCopy} gives it PgJDBC's COPY OUT, as the local and Lambda wiring do. */
    static Map<String, Object> sluice(String url, int port, boolean binaryCopy) throws Exception {
        Path lakeDir = Files.createTempDirectory("sluice-bench-lake");
        SourceConfig source = new SourceConfig("bench", Engine.POSTGRESQL,
                "jdbc:postgresql://localhost:" + port + "/postgres", null, null, 4, Duration.ofHours(1),
                IsolationLevel.READ_COMMITTED, TlsMode.DISABLE, 10_000);
        JdbcSource.ConnectionFactory connections = () -> DriverManager.getConnection(url);
        TableConfig table = new TableConfig("bench", TABLE, List.of("l_id"), null, null,
                new ChunkBounds(ChunkBounds.MAX_ROWS, ChunkBounds.MAX_BYTES), null, null, null, null,
                SchemaPolicy.FAIL, null);
        try (S3ProxyFixture s3 = S3ProxyFixture.onFilesystem(lakeDir, "lake")) {
            JdbcSource jdbc = new JdbcSource(source, new PostgresDialect(), connections);
            SourceTable described = jdbc.describe(TableRef.parse(TABLE));
            TypeMapping mapping = TypeMapping.of(Engine.POSTGRESQL);
            PlannedSchema schema = PlannedSchema.of(described.columns().stream().map(col -> mapping.map(col, null))
                    .toList());
            ChunkPlan plan = new RunPlanner(jdbc, jdbc, jdbc).plan(table, IsolationLevel.READ_COMMITTED,
                    Optional.empty(), schema.fingerprint());
            ObjectStore lake = s3.objectStore();
            ExtractChunk extract = new ExtractChunk(connections, lake, new LakeLayout("lake", "raw", "_sluice"),
                    ChunkWriterSettings.defaults(LakeConfig.Codec.ZSTD), LakeOutputFile.DEFAULT_PART_SIZE,
                    binaryCopy ? (c, sql) -> new PGCopyInputStream(c.unwrap(PGConnection.class), sql) : null);
            long rows = 0;
            long bytes = 0;
            long readMillis = 0;
            long began = System.nanoTime();
            for (int i = 0; i < plan.chunks().size(); i++) {
                ChunkOutcome outcome = extract.extract(new ChunkAssignment(source, table, plan, i,
                        LocalDate.parse("2026-11-22"), schema, Instant.parse("2026-11-22T00:00:00Z")));
                rows += outcome.manifest().rowCount();
                bytes += outcome.manifest().bytes();
                readMillis += outcome.manifest().timings().readMillis();
            }
            String seconds = seconds(began);
            long hashBytes = columnSizes(lakeDir);
            return Map.of("rows", rows, "outBytes", bytes, "chunks", plan.chunks().size(), "readMs", readMillis,
                    "hashBytes", hashBytes, "seconds", seconds);
        } finally {
            try (var files = Files.walk(lakeDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Prints each column's compressed bytes over the chunk files under {@code lakeDir} (S3Proxy's filesystem store
     * keeps objects as files) and returns those of {@code _sluice_row_hash}.
     */
    static long columnSizes(Path lakeDir) throws IOException {
        Map<String, long[]> sizes = new LinkedHashMap<>();
        List<Path> files;
        try (var walk = Files.walk(lakeDir)) {
            files = walk.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
        for (Path file : files) {
            // the footer read directly (ParquetFileReader needs Hadoop's mapreduce classes, not on this class path)
            byte[] bytes = Files.readAllBytes(file);
            int footer = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            FileMetaData meta = Util.readFileMetaData(new java.io.ByteArrayInputStream(bytes,
                    bytes.length - 8 - footer, footer));
            for (RowGroup group : meta.getRow_groups()) {
                for (ColumnChunk column : group.getColumns()) {
                    long[] s = sizes.computeIfAbsent(String.join(".", column.getMeta_data().getPath_in_schema()),
                            k -> new long[2]);
                    s[0] += column.getMeta_data().getTotal_compressed_size();
                    s[1] += column.getMeta_data().getTotal_uncompressed_size();
                }
            }
        }
        long total = sizes.values().stream().mapToLong(s -> s[0]).sum();
        StringBuilder line = new StringBuilder("INFO compressed bytes by column (share, uncompressed):");
        sizes.forEach((name, s) -> line.append(String.format(java.util.Locale.ROOT, " %s=%,d (%.1f%%, %,d)", name,
                s[0], 100.0 * s[0] / Math.max(1, total), s[1])));
        System.out.println(line);
        long[] hash = sizes.get("_sluice_row_hash");
        return hash == null ? 0 : hash[0];
    }

    static boolean sparkAvailable() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The seed's format: one JSON object per row, gzip-compressed, as the seed scripts wrote it. */
    static Map<String, Object> jsonl(String url) throws Exception {
        Path file = Files.createTempFile("sluice-bench", ".jsonl.gz");
        long rows = 0;
        long began = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery();
                     OutputStream out = new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(file),
                             1 << 16), 1 << 16);
                     JsonGenerator json = new JsonFactory().createGenerator(out)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    int n = meta.getColumnCount();
                    int[] types = new int[n + 1];
                    String[] names = new String[n + 1];
                    for (int i = 1; i <= n; i++) {
                        types[i] = meta.getColumnType(i);
                        names[i] = meta.getColumnLabel(i);
                    }
                    while (rs.next()) {
                        json.writeStartObject();
                        for (int i = 1; i <= n; i++) {
                            json.writeFieldName(names[i]);
                            switch (types[i]) {
                                case Types.BIGINT -> writeOrNull(json, rs.getLong(i), rs.wasNull());
                                case Types.INTEGER -> writeOrNull(json, rs.getInt(i), rs.wasNull());
                                case Types.NUMERIC -> {
                                    var v = rs.getBigDecimal(i);
                                    if (v == null) {
                                        json.writeNull();
                                    } else {
                                        json.writeNumber(v);
                                    }
                                }
                                case Types.BIT, Types.BOOLEAN -> {
                                    boolean v = rs.getBoolean(i);
                                    if (rs.wasNull()) {
                                        json.writeNull();
                                    } else {
                                        json.writeBoolean(v);
                                    }
                                }
                                default -> {
                                    String v = rs.getString(i);
                                    if (v == null) {
                                        json.writeNull();
                                    } else {
                                        json.writeString(v);
                                    }
                                }
                            }
                        }
                        json.writeEndObject();
                        json.writeRaw('\n');
                        rows++;
                    }
                }
            }
            c.commit();
        }
        String seconds = seconds(began);
        long bytes = Files.size(file);
        Files.delete(file);
        return Map.of("rows", rows, "outBytes", bytes, "seconds", seconds);
    }

    private static void writeOrNull(JsonGenerator json, long v, boolean wasNull) throws IOException {
        if (wasNull) {
            json.writeNull();
        } else {
            json.writeNumber(v);
        }
    }

    // ------------------------------------------------------------------------------------------------ report

    static void report(Map<String, Map<String, String>> results, long rows) {
        Map<String, String> copy = results.get("copy");
        double sourceMb = copy != null && copy.containsKey("outBytes") ? Long.parseLong(copy.get("outBytes")) / 1e6
                : Double.NaN;
        System.out.println();
        System.out.printf("%,d rows; MB/s is over the COPY binary stream size (%.0f MB), the same data for every "
                + "contender%n", rows, sourceMb);
        System.out.printf("%-8s %10s %12s %10s %12s %12s%n", "", "seconds", "rows/s", "MB/s", "peak RSS MB",
                "output MB");
        Map<String, Double> rowsPerSecond = new LinkedHashMap<>();
        results.forEach((name, r) -> {
            if (r.containsKey("failed")) {
                System.out.printf("%-8s failed (%s)%n", name, r.get("failed"));
                return;
            }
            double seconds = Double.parseDouble(r.get("seconds"));
            double rate = Long.parseLong(r.get("rows")) / seconds;
            rowsPerSecond.put(name, rate);
            System.out.printf("%-8s %10.1f %,12.0f %10.1f %12s %12.1f%n", name, seconds, rate, sourceMb / seconds,
                    r.get("peakRssMb"), Long.parseLong(r.get("outBytes")) / 1e6);
        });
        System.out.println();
        ratio("sluice / copy rows/s (target >= 0.6)", rowsPerSecond.get("sluice"), rowsPerSecond.get("copy"));
        ratio("sluice-jdbc / copy rows/s", rowsPerSecond.get("sluice-jdbc"), rowsPerSecond.get("copy"));
        ratio("sluice / spark rows/s (target >= 1.5)", rowsPerSecond.get("sluice"), rowsPerSecond.get("spark"));
        ratio("sluice / spark peak RSS (target <= 0.5)", value(results, "sluice", "peakRssMb"),
                value(results, "spark", "peakRssMb"));
        ratio("Parquet bytes / gzip JSONL bytes (target <= 0.5)", value(results, "sluice", "outBytes"),
                value(results, "jsonl", "outBytes"));
        Double parquet = value(results, "sluice", "outBytes");
        Double hash = value(results, "sluice", "hashBytes");
        ratio("  the same without _sluice_row_hash's bytes", parquet == null || hash == null ? null : parquet - hash,
                value(results, "jsonl", "outBytes"));
    }

    private static Double value(Map<String, Map<String, String>> results, String name, String key) {
        Map<String, String> r = results.get(name);
        return r == null || !r.containsKey(key) ? null : Double.valueOf(r.get(key));
    }

    private static void ratio(String label, Double a, Double b) {
        System.out.printf("%-50s %s%n", label, a == null || b == null ? "n/a" : String.format("%.2f", a / b));
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: [--rows N] [--heap 2g] [--contenders copy,sluice,jsonl] [--comments tpch|md5] [--jfr DIR]"
                        + " [--dump FILE] [--spark-java PATH];"
                        + " got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    /** Counts what COPY sends and discards it, or passes it on to {@code copy} when that is not null. */
    static final class CountingSink extends OutputStream {
        private final OutputStream copy;
        long bytes;

        CountingSink(OutputStream copy) {
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            bytes++;
            if (copy != null) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            bytes += len;
            if (copy != null) {
                copy.write(b, off, len);
            }
        }
    }
}
