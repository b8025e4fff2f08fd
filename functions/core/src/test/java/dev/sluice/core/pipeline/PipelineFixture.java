package dev.sluice.core.pipeline;

import dev.sluice.core.testing.MutableClock;
import dev.sluice.core.catalog.Catalog;
import dev.sluice.core.catalog.CatalogColumn;
import dev.sluice.core.catalog.CrawlStatus;
import dev.sluice.core.catalog.CrawlTicket;
import dev.sluice.core.catalog.ExpectedTable;
import dev.sluice.core.catalog.SchemaCheck;
import dev.sluice.core.config.EnvironmentConfig;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.load.LoadDialect;
import dev.sluice.core.load.LoadSource;
import dev.sluice.core.query.QueryEngine;
import dev.sluice.core.query.QueryRequest;
import dev.sluice.core.query.QueryStatus;
import dev.sluice.core.query.ResultTable;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.validate.QueryDialect;
import dev.sluice.core.warehouse.StatementBatch;
import dev.sluice.core.warehouse.StatementStatus;
import dev.sluice.core.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pipeline context over the in-memory lake, a recording notifier and a clock tests move, with the catalog, query
 * engine and warehouse as fakes that refuse every call (the steps under test must not touch them).
 */
final class PipelineFixture {

    static final Duration LEASE = Duration.ofHours(1);

    final InMemoryObjectStore lake = new InMemoryObjectStore();
    final LakeLayout layout = new LakeLayout("lake-bucket", "raw", "_sluice");
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T04:00:00Z"));
    final RecordingNotifier notifier = new RecordingNotifier();
    final PipelineContext context;

    PipelineFixture(List<SourceConfig> sources, List<TableConfig> tables, JdbcSource.ConnectionFactory connections,
                    int inlineChunkLimit, Optional<Warehouse> warehouse) {
        SluiceConfig config = new SluiceConfig(new EnvironmentConfig("test", null, null), sources,
                new LakeConfig("lake-bucket", "raw", "_sluice", null, LakeConfig.Codec.ZSTD, null), null, null,
                tables);
        PipelineSettings settings = new PipelineSettings("sluice_test", null, QueryDialect.ATHENA,
                LoadDialect.POSTGRES, prefix -> new LoadSource.LocalParquet(Path.of("/nonexistent")),
                inlineChunkLimit, LEASE);
        context = new PipelineContext(config, lake, layout, source -> connections, new RefusingCatalog(),
                new RefusingQueries(), warehouse, notifier, clock, settings);
    }


    /** Keeps what was published; ids count up. */
    static final class RecordingNotifier implements Notifier {
        final List<Notification> published = new ArrayList<>();

        @Override
        public synchronized String publish(Notification notification) {
            published.add(notification);
            return "message-" + published.size();
        }
    }

    private static UnsupportedOperationException unused(String port) {
        return new UnsupportedOperationException(port + " is not used by the steps under test");
    }

    static final class RefusingCatalog implements Catalog {
        @Override
        public CrawlTicket startCrawl(String crawlerName) {
            throw unused("catalog");
        }

        @Override
        public CrawlStatus checkCrawl(CrawlTicket ticket) {
            throw unused("catalog");
        }

        @Override
        public SchemaCheck compareSchema(ExpectedTable expected) {
            throw unused("catalog");
        }

        @Override
        public void registerPartition(String database, String table, List<String> values, String location,
                                      List<CatalogColumn> columns) {
            throw unused("catalog");
        }
    }

    static final class RefusingQueries implements QueryEngine {
        @Override
        public String start(QueryRequest request) {
            throw unused("query engine");
        }

        @Override
        public QueryStatus check(String executionId) {
            throw unused("query engine");
        }

        @Override
        public ResultTable results(String executionId) {
            throw unused("query engine");
        }
    }

    static final class RefusingWarehouse implements Warehouse {
        @Override
        public String startBatch(StatementBatch batch) {
            throw unused("warehouse");
        }

        @Override
        public StatementStatus check(String statementId) {
            throw unused("warehouse");
        }

        @Override
        public ResultTable results(String subStatementId) {
            throw unused("warehouse");
        }
    }
}
