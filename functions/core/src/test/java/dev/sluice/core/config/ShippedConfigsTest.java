package dev.sluice.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.TargetConfig.Mode;
import dev.sluice.core.config.WatermarkConfig.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The configs shipped in {@code config/} load and pass every static check. */
class ShippedConfigsTest {

    static Path configFile(String name) {
        // surefire runs in functions/core; the configs live at the repository root
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("config"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root with config/").isNotNull();
        return dir.resolve("config").resolve(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo.yaml", "dev.yaml", "prod.example.yaml"})
    void eachShippedConfigLoadsClean(String name) {
        Path file = configFile(name);
        SluiceConfig config = ConfigLoader.load(file);
        assertThat(config.tables()).isNotEmpty();
        assertThat(ConfigValidator.validate(file, config)).isEmpty();
    }

    @Test
    void demoConfigDescribesTheDemoDataset() {
        SluiceConfig demo = ConfigLoader.load(configFile("demo.yaml"));
        assertThat(demo.environment()).isEqualTo(new EnvironmentConfig("demo", "000000000000", "eu-west-1"));
        assertThat(demo.sources()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("demo");
            assertThat(s.engine()).isEqualTo(Engine.POSTGRESQL);
            assertThat(s.embeddedDemo()).isTrue();
            assertThat(s.isolation()).isEqualTo(IsolationLevel.READ_COMMITTED);
        });
        assertThat(demo.lake().bucket()).isEqualTo("sluice-demo-lake");
        assertThat(demo.warehouse().workgroup()).isEqualTo("sluice-demo");
        assertThat(demo.warehouse().database()).isEqualTo("analytics");
        assertThat(demo.notifications().topicName()).isEqualTo("sluice-demo");
        assertThat(demo.tables()).extracting(TableConfig::table).containsExactly(
                "sales.customers", "sales.products", "sales.orders", "sales.order_lines", "sales.order_events");

        TableConfig customers = demo.table("sales.customers").orElseThrow();
        assertThat(customers.watermark()).isEqualTo(new WatermarkConfig(Type.TIMESTAMP, "updated_at",
                Duration.ofMinutes(5), Duration.ofSeconds(30)));
        assertThat(customers.target().mode()).isEqualTo(Mode.MERGE);
        assertThat(customers.schedule().cron()).isEqualTo("cron(15 * * * ? *)");
        assertThat(customers.schedule().timeZone()).isEqualTo("Europe/London");

        TableConfig products = demo.table("sales.products").orElseThrow();
        assertThat(products.watermark().type()).isEqualTo(Type.FULL);
        assertThat(products.target().mode()).isEqualTo(Mode.REPLACE);
        assertThat(products.columns().get("cost_basis").policy()).isEqualTo(ColumnOverride.Policy.AS_STRING);

        TableConfig orders = demo.table("sales.orders").orElseThrow();
        assertThat(orders.chunk()).isEqualTo(new ChunkBounds(50_000, ChunkBounds.DEFAULT.maxBytes()));
        assertThat(orders.columns().get("notes").policy()).isEqualTo(ColumnOverride.Policy.ACCEPT_LOSSY);
        assertThat(orders.columns().get("notes").note()).contains("65,535");

        assertThat(demo.table("sales.order_lines").orElseThrow().primaryKey()).containsExactly("order_id", "line_no");
        TableConfig events = demo.table("sales.order_events").orElseThrow();
        assertThat(events.watermark()).isEqualTo(new WatermarkConfig(Type.KEY, "event_id", null, null));
        assertThat(events.target().mode()).isEqualTo(Mode.APPEND);
    }

    @Test
    void devConfigCoversSqlServerWatermarksAndServerless() {
        SluiceConfig dev = ConfigLoader.load(configFile("dev.yaml"));
        SourceConfig sales = dev.source("sales").orElseThrow();
        assertThat(sales.engine()).isEqualTo(Engine.SQLSERVER);
        assertThat(sales.vpc().subnetIds()).hasSize(2);
        assertThat(sales.vpc().securityGroupIds()).hasSize(1);
        assertThat(sales.isolation()).isEqualTo(IsolationLevel.SNAPSHOT);
        assertThat(dev.tables()).extracting(t -> t.watermark().type())
                .contains(Type.ROWVERSION, Type.CHANGE_TRACKING, Type.TIMESTAMP);
        assertThat(dev.warehouse().serverless()).isTrue();
        assertThat(dev.lake().kmsKeyArn()).startsWith("arn:aws:kms:eu-west-1:");
        assertThat(dev.table("dbo.Orders").orElseThrow().chunk().maxBytes()).isEqualTo(512L << 20);
    }

    @Test
    void prodExampleShowsProvisionedClusterOffPeakAndBothEngines() throws Exception {
        Path file = configFile("prod.example.yaml");
        SluiceConfig prod = ConfigLoader.load(file);
        assertThat(prod.warehouse().serverless()).isFalse();
        assertThat(prod.warehouse().clusterId()).isEqualTo("acme-prod-dw");
        assertThat(prod.sources()).extracting(SourceConfig::engine)
                .containsExactly(Engine.SQLSERVER, Engine.POSTGRESQL);
        assertThat(prod.tables().get(0).schedule().offPeak())
                .isEqualTo(new ScheduleConfig.OffPeakWindow(LocalTime.of(22, 0), LocalTime.of(6, 0)));
        String text = Files.readString(file);
        assertThat(text).contains("# isolation: readUncommitted").contains("SKIP or REPEAT rows");
    }
}
