package dev.sluice.lambda.handler;

import dev.sluice.core.catalog.Catalog;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.load.LoadDialect;
import dev.sluice.core.load.LoadSource;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.PipelineSettings;
import dev.sluice.core.query.QueryEngine;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.validate.QueryDialect;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** A pipeline context of stand-ins for handler tests: the steps under test use none of its ports. */
final class TestContexts {

    private TestContexts() {
    }

    static PipelineContext context() {
        return new PipelineContext(new SluiceConfig(null, List.of(), null, null, null, List.of()),
                new InMemoryObjectStore(), new LakeLayout("lake", "raw", "_sluice"),
                source -> () -> {
                    throw new java.sql.SQLException("no source in handler tests");
                },
                unused(Catalog.class), unused(QueryEngine.class), Optional.empty(),
                notification -> "message-1",
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
                new PipelineSettings("sluice_test", null, QueryDialect.DUCKDB, LoadDialect.DUCKDB,
                        prefix -> new LoadSource.StagedTable("stage", "rows"), 200,
                        PipelineSettings.DEFAULT_LEASE));
    }

    /** A port whose every method fails the test: the step under test must not call it. */
    private static <T> T unused(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getName().equals("toString")) {
                return "unused " + port.getSimpleName();
            }
            throw new AssertionError(port.getSimpleName() + "." + method.getName() + " must not be called here");
        }));
    }
}
