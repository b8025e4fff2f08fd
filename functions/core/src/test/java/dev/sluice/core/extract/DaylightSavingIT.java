package dev.sluice.core.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.Engine;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.types.TypeMapping;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TimeZone;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timestamps around Europe/London's 2026 transitions (clocks forward at 2026-03-29 01:00Z, back at 2026-10-25
 * 01:00Z), with the session and the JVM both in Europe/London: instants keep their exact microsecond, and local
 * timestamps inside the spring gap or the autumn overlap keep their wall-clock value (no zone is applied to them).
 */
class DaylightSavingIT {

    @TempDir
    Path dir;

    @Test
    void transitionsKeepEveryMicrosecond() throws Exception {
        TimeZone jvmZone = TimeZone.getDefault();
        try (PostgresFixture pg = new PostgresFixture()) {
            pg.execute("CREATE TABLE dst (id int4 PRIMARY KEY, tz timestamptz, ts timestamp)",
                    "INSERT INTO dst VALUES "
                            + "(1, '2026-03-29 00:59:59.999999+00', '2026-03-29 00:59:59.999999'),"
                            + "(2, '2026-03-29 01:00:00+00', '2026-03-29 01:30:00.000001'),"     // in the gap
                            + "(3, '2026-10-25 00:59:59.999999+00', '2026-10-25 01:30:00'),"     // in the overlap
                            + "(4, '2026-10-25 01:00:00+00', '2026-10-25 01:59:59.999999')");
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/London"));
            TypeMapping m = TypeMapping.of(Engine.POSTGRESQL);
            Path file = dir.resolve("dst.parquet");
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("SET TimeZone = 'Europe/London'");
                try (ResultSet rs = s.executeQuery("SELECT id, tz, ts FROM dst ORDER BY id")) {
                    new ChunkExtractor(ChunkWriterSettings.defaults(null), Clock.systemUTC()).extract(
                            new ChunkRequest(new TableRef("public", "dst"), "r", "c", List.of(
                                    m.map(new SourceColumn("id", 1, "int4", 0, 0, false), null),
                                    m.map(new SourceColumn("tz", 2, "timestamptz", 6, 0, true), null),
                                    m.map(new SourceColumn("ts", 3, "timestamp", 6, 0, true), null)),
                                    List.of("id")), rs, new LocalOutputFile(file));
                }
            }
            List<Group> rows = ParquetFiles.rows(file);
            assertThat(rows).extracting(g -> g.getLong("tz", 0)).containsExactly(
                    instant("2026-03-29T00:59:59.999999Z"), instant("2026-03-29T01:00:00Z"),
                    instant("2026-10-25T00:59:59.999999Z"), instant("2026-10-25T01:00:00Z"));
            assertThat(rows).extracting(g -> g.getLong("ts", 0)).containsExactly(
                    local("2026-03-29T00:59:59.999999"), local("2026-03-29T01:30:00.000001"),
                    local("2026-10-25T01:30:00"), local("2026-10-25T01:59:59.999999"));
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    private static long instant(String value) {
        Instant i = Instant.parse(value);
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
    }

    private static long local(String value) {
        LocalDateTime t = LocalDateTime.parse(value);
        return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + t.getNano() / 1_000;
    }
}
