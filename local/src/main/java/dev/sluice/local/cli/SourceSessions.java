package dev.sluice.local.cli;

import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.pipeline.SourceConnections;
import dev.sluice.core.source.JdbcConnectionSettings;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.SourceCredentials;
import dev.sluice.core.source.SqlDialect;
import dev.sluice.local.demo.DemoDatabase;
import dev.sluice.local.demo.DemoScale;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The sources one command talks to, opened on first use and closed with the command. A source whose
 * {@code jdbcUrl} is {@code embedded:demo} starts the embedded demo PostgreSQL (generating its dataset when absent);
 * any other source is reached over JDBC with the login from the environment variable its config names (or, without
 * one, from its Secrets Manager secret: {@link SecretLogin}), and is
 * probed once so an unreachable database or a rejected login stops the command with one line before any work.
 * Progress goes to {@code progress} (stderr), never to stdout.
 */
public final class SourceSessions implements AutoCloseable, SourceConnections {

    private final SluiceConfig config;
    private final CliEnvironment environment;
    private final Optional<DemoScale> demoScale;
    private final PrintWriter progress;
    private final Map<String, OpenSource> open = new LinkedHashMap<>();
    private final Map<String, JdbcSource.ConnectionFactory> factories = new LinkedHashMap<>();
    private DemoDatabase demo;

    /** A source ready for the core ports, and how the plan describes where it is. */
    record OpenSource(SourceConfig config, JdbcSource jdbc, String location) {
    }

    /**
     * @param demoScale the demo dataset to have; empty: keep the one in {@code .sluice/demo-pg} whatever its size,
     *                  generating {@link DemoScale#DEFAULT} when there is none
     */
    public SourceSessions(SluiceConfig config, CliEnvironment environment, Optional<DemoScale> demoScale,
                          PrintWriter progress) {
        this.config = config;
        this.environment = environment;
        this.demoScale = demoScale;
        this.progress = progress;
    }

    synchronized OpenSource source(String name) {
        OpenSource source = open.get(name);
        if (source == null) {
            source = connect(name);
            open.put(name, source);
        }
        return source;
    }

    /**
     * The connections of {@code source} for the pipeline's steps (local mode's {@link SourceConnections}): opens the
     * source on first use as {@link #source} does.
     */
    @Override
    public synchronized JdbcSource.ConnectionFactory of(SourceConfig source) {
        source(source.name());
        return factories.get(source.name());
    }

    /** The embedded demo database, when a source of this command uses it. */
    Optional<DemoDatabase> demo() {
        return Optional.ofNullable(demo);
    }

    private OpenSource connect(String name) {
        int index = config.sources().stream().map(SourceConfig::name).toList().indexOf(name);
        if (index < 0) {
            throw CommandFailure.badInput("no source is named " + name + " in the config's sources: add it, or "
                    + "fix tables[].source");
        }
        SourceConfig source = config.sources().get(index);
        if (source.embeddedDemo()) {
            DemoDatabase database = startDemo();
            factories.put(name, database::connect);
            return new OpenSource(source, new JdbcSource(source, SqlDialect.of(source.engine()), database::connect),
                    "embedded demo PostgreSQL on localhost:" + database.port() + ", " + database.scale().orders()
                            + " orders, seed " + database.scale().seed());
        }
        SourceCredentials login;
        if (source.credentials() != null && (source.credentials().env() == null
                || source.credentials().env().isBlank()) && source.credentials().secretArn() != null) {
            login = SecretLogin.read(source, index, environment);
        } else {
            EnvironmentLogin fromEnvironment = EnvironmentLogin.read(source, index, environment);
            login = new SourceCredentials(fromEnvironment.username(), fromEnvironment.password());
        }
        JdbcConnectionSettings settings;
        try {
            settings = JdbcConnectionSettings.of(source, login);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput(e.getMessage());
        }
        Properties properties = new Properties();
        properties.putAll(settings.properties());
        // Fail fast on a black-holed host instead of the drivers' long defaults (seconds; both drivers).
        properties.putIfAbsent("loginTimeout", "15");
        properties.putIfAbsent("connectTimeout", "15");
        JdbcSource.ConnectionFactory connections = () -> DriverManager.getConnection(settings.url(), properties);
        try (Connection probe = connections.open()) {
            probe.isValid(5);
        } catch (SQLException e) {
            throw SourceFailures.connect(source, index, e);
        }
        factories.put(name, connections);
        return new OpenSource(source, new JdbcSource(source, SqlDialect.of(source.engine()), connections),
                SourceFailures.redact(source.jdbcUrl()));
    }

    private DemoDatabase startDemo() {
        if (demo == null) {
            Path directory = environment.stateDirectory().resolve("demo-pg");
            progress.println("sluice: starting the embedded demo PostgreSQL (data in "
                    + environment.shown(directory) + ")");
            progress.flush();
            try {
                demo = demoScale.isPresent() ? DemoDatabase.open(directory, demoScale.get())
                        : DemoDatabase.openExisting(directory, DemoScale.DEFAULT);
            } catch (IOException | SQLException e) {
                throw CommandFailure.failed("the embedded demo PostgreSQL did not start: "
                        + SourceFailures.oneLine(e.getMessage()) + ". Fix: stop other sluice commands using "
                        + directory + ", or delete that directory to start afresh", e);
            }
            demo.load().ifPresent(load -> progress.printf("sluice: generated the demo dataset (%,d orders, seed "
                    + "%d): %,d rows in %.1f s%n", load.scale().orders(), load.scale().seed(), load.totalRows(),
                    load.millis() / 1000.0));
            progress.flush();
        }
        return demo;
    }

    @Override
    public void close() {
        if (demo != null) {
            demo.close();
            demo = null;
        }
    }

    /** PostgreSQL sources are read with binary COPY through PgJDBC. */
    @Override
    public java.util.Optional<dev.sluice.core.source.PostgresCopyOut> postgresCopy() {
        return java.util.Optional.of(new dev.sluice.lambda.aws.PgJdbcCopyOut());
    }
}
