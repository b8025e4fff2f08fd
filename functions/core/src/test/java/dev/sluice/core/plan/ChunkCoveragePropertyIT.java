package dev.sluice.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.config.WatermarkConfig.Type;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.Projection;
import dev.sluice.core.source.SourceReadings;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import dev.sluice.core.watermark.WatermarkWindow;
import dev.sluice.core.watermark.WatermarkWindows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property: for generated tables (gaps, skew, negative and huge keys, composite keys, string keys in ICU and
 * case-insensitive collations with accents and spaces, nullable non-unique split columns, nullable timestamps,
 * empty tables; with and without statistics), planning then reading every chunk's range returns each row exactly
 * once: the chunk counts sum to COUNT(*) and no key appears in two chunks.
 */
class ChunkCoveragePropertyIT {

    static final int TRIES = 60;
    static EmbeddedPostgresFixture pg;
    static JdbcSource source;

    enum Shape { BIGINT_SKEWED, COMPOSITE, STRING_ICU, STRING_CASE_INSENSITIVE, NULLABLE_SPLIT, TIMESTAMP_BACKFILL }

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresFixture.start();
        source = pg.source();
        pg.execute("CREATE SCHEMA prop",
                "CREATE COLLATION prop.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void everyRowFallsInExactlyOneChunk() throws Exception {
        Random random = new Random(20261122L);
        int multiChunkPlans = 0;
        int sampledPlans = 0;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Shape shape = Shape.values()[attempt % Shape.values().length];
            int rows = random.nextInt(8) == 0 ? 0 : random.nextInt(3_001);
            String table = "t" + attempt;
            createAndFill(shape, table, rows, random);
            if (random.nextBoolean()) {
                pg.execute("ANALYZE prop." + table);
            }
            ChunkBounds bounds = new ChunkBounds(50 + random.nextInt(600), 1L << 30);
            ChunkPlan plan = plan(shape, table, bounds);
            multiChunkPlans += plan.chunks().size() > 1 ? 1 : 0;
            sampledPlans += plan.boundaryMethod().startsWith("sample") ? 1 : 0;
            verify(plan, shape, table, String.format("attempt %d (%s, %d rows, %s)", attempt, shape, rows,
                    plan.boundaryMethod()));
        }
        assertThat(multiChunkPlans).as("plans with several chunks").isGreaterThan(TRIES / 2);
        assertThat(sampledPlans).as("plans balanced from a TABLESAMPLE").isPositive();
    }

    private ChunkPlan plan(Shape shape, String table, ChunkBounds bounds) {
        SourceTable described = source.describe(new TableRef("prop", table));
        ChunkPlanner planner = new ChunkPlanner(source);
        if (shape == Shape.TIMESTAMP_BACKFILL) {
            WatermarkConfig wm = new WatermarkConfig(Type.TIMESTAMP, "updated_at", null, null);
            SourceReadings readings = source.read(described.ref(), Type.TIMESTAMP,
                    described.column("updated_at").orElseThrow());
            WatermarkWindow window = WatermarkWindows.next(described.ref().toString(), wm,
                    described.column("updated_at").orElseThrow(), Optional.empty(), readings);
            return planner.plan(tableConfig(table, wm, null, bounds), described, window, "fp", IsolationLevel.SNAPSHOT);
        }
        WatermarkConfig full = new WatermarkConfig(Type.FULL, null, null, null);
        WatermarkWindow window = WatermarkWindows.next(described.ref().toString(), full, null, Optional.empty(),
                source.read(described.ref(), Type.FULL, null));
        String split = shape == Shape.NULLABLE_SPLIT ? "grp" : null;
        return planner.plan(tableConfig(table, full, split, bounds), described, window, "fp", IsolationLevel.SNAPSHOT);
    }

    private static TableConfig tableConfig(String table, WatermarkConfig wm, String split, ChunkBounds bounds) {
        return new TableConfig("embedded", "prop." + table, List.of(), wm, split, bounds, null, null, null, null,
                null, null);
    }

    private void verify(ChunkPlan plan, Shape shape, String table, String what) {
        TableRef ref = new TableRef("prop", table);
        long total = pg.queryLong("SELECT count(*) FROM prop." + table);
        List<String> keyColumns = shape == Shape.COMPOSITE ? List.of("region", "n")
                : shape == Shape.NULLABLE_SPLIT || shape == Shape.TIMESTAMP_BACKFILL ? List.of("id") : List.of("k");
        List<Projection> select = keyColumns.stream().map(Projection::column).toList();
        Set<String> seen = new HashSet<>();
        long sum = 0;
        for (Chunk chunk : plan.chunks()) {
            long counted = source.count(ref, chunk.range());
            long[] read = {0};
            source.read(ref, select, chunk.range(), rs -> {
                StringBuilder key = new StringBuilder();
                for (int i = 1; i <= keyColumns.size(); i++) {
                    key.append(rs.getString(i)).append('\u0000');
                }
                assertThat(seen.add(key.toString())).as("%s: key %s read twice (chunk %s)", what, key, chunk.id())
                        .isTrue();
                read[0]++;
            });
            assertThat(read[0]).as("%s: chunk %s read vs count", what, chunk.id()).isEqualTo(counted);
            sum += counted;
        }
        assertThat(sum).as("%s: sum of chunk counts", what).isEqualTo(total);
        assertThat(seen).as("%s: distinct keys", what).hasSize((int) total);
        assertThat(plan.chunks().stream().map(Chunk::id).collect(Collectors.toSet())).hasSize(plan.chunks().size());
    }

    private void createAndFill(Shape shape, String table, int rows, Random random) throws Exception {
        String t = "prop." + table;
        String insert;
        switch (shape) {
            case BIGINT_SKEWED -> {
                pg.execute("CREATE TABLE " + t + " (k bigint PRIMARY KEY, pad text)");
                insert = "INSERT INTO " + t + " VALUES (?, 'x') ON CONFLICT DO NOTHING";
            }
            case COMPOSITE -> {
                pg.execute("CREATE TABLE " + t + " (region text COLLATE \"und-x-icu\", n int, PRIMARY KEY (region, n))");
                insert = "INSERT INTO " + t + " VALUES (?, ?) ON CONFLICT DO NOTHING";
            }
            case STRING_ICU -> {
                pg.execute("CREATE TABLE " + t + " (k text COLLATE \"und-x-icu\" PRIMARY KEY)");
                insert = "INSERT INTO " + t + " VALUES (?) ON CONFLICT DO NOTHING";
            }
            case STRING_CASE_INSENSITIVE -> {
                pg.execute("CREATE TABLE " + t + " (k text COLLATE prop.ci PRIMARY KEY)");
                insert = "INSERT INTO " + t + " VALUES (?) ON CONFLICT DO NOTHING";
            }
            case NULLABLE_SPLIT -> {
                pg.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, grp int)", "CREATE INDEX ON " + t + " (grp)");
                insert = "INSERT INTO " + t + " VALUES (?, ?)";
            }
            case TIMESTAMP_BACKFILL -> {
                pg.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, updated_at timestamptz)",
                        "CREATE INDEX ON " + t + " (updated_at)");
                insert = "INSERT INTO " + t + " VALUES (?, ?)";
            }
            default -> throw new IllegalStateException();
        }
        Instant base = Instant.parse("2026-10-01T00:00:00Z");
        String[] regions = {"eu", "EU", "Éire", "us east", "us-west", "Zürich", "zz", "a", "Ä b"};
        String alphabet = "aAäÄbB eEéÉ_-zZ1";
        try (Connection c = pg.connection(); PreparedStatement ps = c.prepareStatement(insert)) {
            c.setAutoCommit(false);
            for (int i = 0; i < rows; i++) {
                switch (shape) {
                    case BIGINT_SKEWED -> ps.setLong(1, random.nextInt(10) < 7 ? random.nextInt(1_001) - 500
                            : (random.nextLong() % 1_000_000_000_000L));
                    case COMPOSITE -> {
                        ps.setString(1, regions[random.nextInt(regions.length)]);
                        ps.setInt(2, random.nextInt(2_001) - 1_000);
                    }
                    case STRING_ICU, STRING_CASE_INSENSITIVE -> {
                        StringBuilder s = new StringBuilder();
                        for (int j = 0, n = 1 + random.nextInt(6); j < n; j++) {
                            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                        }
                        ps.setString(1, s.toString());
                    }
                    case NULLABLE_SPLIT -> {
                        ps.setInt(1, i);
                        if (random.nextInt(5) == 0) {
                            ps.setNull(2, java.sql.Types.INTEGER);
                        } else {
                            ps.setInt(2, random.nextInt(3) == 0 ? 7 : random.nextInt(200) - 100);
                        }
                    }
                    case TIMESTAMP_BACKFILL -> {
                        ps.setInt(1, i);
                        if (random.nextInt(10) == 0) {
                            ps.setNull(2, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                        } else {
                            // Hours only: many rows share a timestamp.
                            ps.setObject(2, base.plusSeconds(3600L * random.nextInt(24 * 30))
                                    .atOffset(java.time.ZoneOffset.UTC));
                        }
                    }
                    default -> throw new IllegalStateException();
                }
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
    }
}
