package dev.sluice.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.catalog.CatalogColumn;
import dev.sluice.core.catalog.CatalogPermanentException;
import dev.sluice.core.catalog.CatalogTransientException;
import dev.sluice.core.catalog.CrawlStatus;
import dev.sluice.core.config.CatalogMode;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.SchemaDriftFailure;
import dev.sluice.core.failure.TransientFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CrawlerStepsTest {

    private StepFixture fixture;
    private FakeCatalog catalog;

    @BeforeEach
    void seal() throws Exception {
        fixture = new StepFixture().seal();
        catalog = new FakeCatalog();
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private PipelineContext context() {
        return fixture.context(catalog, new FakeLakeEngine(fixture), Optional.empty());
    }

    private CrawlState start() {
        return new StartCrawlerStep(context(), fixture.seams()).run(new RunInput(StepFixture.RUN));
    }

    private CrawlState check(CrawlState crawl) {
        return new CheckCrawlerStep(context(), fixture.seams()).run(new CrawlInput(StepFixture.RUN, crawl));
    }

    @Test
    void theCrawlerIsNamedAsTheInfraNamesIt() {
        CrawlState crawl = start();

        assertThat(catalog.started).containsExactly("sluice-test-demo-sales-orders");
        assertThat(crawl).isEqualTo(new CrawlState("crawler", "sluice-test-demo-sales-orders",
                "2026-11-21T06:00:00Z", "RUNNING"));
        assertThat(CatalogNames.catalogTableName(fixture.table())).isEqualTo("demo_sales_orders");
    }

    @Test
    void aRunningCrawlerKeepsTheTicketAndWaits() {
        CrawlState crawl = start();
        catalog.status = new CrawlStatus(CrawlStatus.State.RUNNING, "crawling");

        CrawlState checked = check(crawl);

        assertThat(checked.state()).isEqualTo("RUNNING");
        assertThat(checked.previousCrawlStart()).isEqualTo("2026-11-21T06:00:00Z");
        assertThat(catalog.checked).singleElement().satisfies(t -> {
            assertThat(t.crawlerName()).isEqualTo("sluice-test-demo-sales-orders");
            assertThat(t.previousCrawlStart()).isEqualTo(Instant.parse("2026-11-21T06:00:00Z"));
        });
    }

    @Test
    void aReadyCrawlWithTheMappedSchemaIsReady() {
        assertThat(check(start()).state()).isEqualTo("READY");
    }

    @Test
    void aFailedCrawlerIsAConfigurationFailureWithItsMessage() {
        CrawlState crawl = start();
        catalog.status = new CrawlStatus(CrawlStatus.State.FAILED,
                "Service is unable to assume provided role sluice-test-crawler");

        assertThatThrownBy(() -> check(crawl))
                .isInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("crawler sluice-test-demo-sales-orders failed for run " + StepFixture.RUN_ID)
                .hasMessageContaining("Service is unable to assume provided role sluice-test-crawler");
    }

    @Test
    void aCrawlThatInferredAnotherTypeIsSchemaDriftNamingTheColumn() {
        CrawlState crawl = start();
        catalog.inferred = columns -> {
            List<CatalogColumn> changed = new ArrayList<>();
            columns.forEach(c -> changed.add(c.name().equals("total") ? new CatalogColumn("total", "double") : c));
            return changed;
        };

        assertThatThrownBy(() -> check(crawl))
                .isInstanceOf(SchemaDriftFailure.class)
                .hasMessageContaining("column total is double in the catalog but the type mapping wrote decimal(12,2)")
                .hasMessageContaining("sluice_test.demo_sales_orders");
    }

    @Test
    void aSourceColumnChangedSinceExtractionIsSchemaDrift() throws Exception {
        CrawlState crawl = start();
        StepSeams changed = new StepSeams((c, r) -> new dev.sluice.core.source.SourceTable(StepFixture.TABLE,
                List.of(new dev.sluice.core.source.SourceColumn("order_id", 1, "bigint", 19, 0, false),
                        new dev.sluice.core.source.SourceColumn("qty", 2, "bigint", 19, 0, true),
                        new dev.sluice.core.source.SourceColumn("total", 3, "decimal", 12, 2, true)),
                List.of("order_id"), List.of(), 20, 4096), millis -> { });

        assertThatThrownBy(() -> new CheckCrawlerStep(context(), changed).run(new CrawlInput(StepFixture.RUN, crawl)))
                .isInstanceOf(SchemaDriftFailure.class)
                .hasMessageContaining("was written with schema fingerprint " + fixture.fingerprint())
                .hasMessageContaining("qty bigint");
    }

    @Test
    void partitionsModeRegistersTheRunsPartitionAndChecksTheSchema() {
        fixture.catalogMode = CatalogMode.PARTITIONS;

        CrawlState crawl = start();

        assertThat(crawl).isEqualTo(new CrawlState("partitions", null, null, "READY"));
        assertThat(catalog.started).isEmpty();
        assertThat(catalog.registrations).singleElement().satisfies(r -> {
            assertThat(r.database()).isEqualTo("sluice_test");
            assertThat(r.table()).isEqualTo("demo_sales_orders");
            assertThat(r.values()).containsExactly("2026-11-22", StepFixture.RUN_ID);
            assertThat(r.location()).isEqualTo("s3://lake-bucket/raw/demo/sales.orders/ingest_date=2026-11-22/run_id="
                    + StepFixture.RUN_ID + "/");
            assertThat(r.columns()).extracting(CatalogColumn::name).containsExactly("order_id", "qty", "total",
                    "_sluice_row_hash", "_sluice_run_id", "_sluice_chunk_id", "_sluice_extracted_at");
        });
        assertThat(check(crawl).state()).isEqualTo("READY");
    }

    @Test
    void catalogErrorsAreTransientOrConfigurationByTheirKind() {
        catalog.failure = new CatalogTransientException("ThrottlingException: Rate exceeded", null);
        assertThatThrownBy(this::start).isInstanceOf(TransientFailure.class).hasMessageContaining("Rate exceeded");

        catalog.failure = new CatalogPermanentException("EntityNotFoundException: crawler not found", null);
        assertThatThrownBy(this::start).isInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("crawler not found");
    }

    @Test
    void anUnsealedRunIsAConfigurationFailureNamingRunJson() throws Exception {
        try (StepFixture unsealed = new StepFixture()) {
            PipelineContext context = unsealed.context(catalog, new FakeLakeEngine(unsealed), Optional.empty());
            assertThatThrownBy(() -> new StartCrawlerStep(context, unsealed.seams())
                    .run(new RunInput(StepFixture.RUN)))
                    .isInstanceOf(ConfigurationFailure.class)
                    .hasMessageContaining("is not sealed")
                    .hasMessageContaining("run.json");
        }
    }
}
