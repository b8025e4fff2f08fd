package dev.sluice.local.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Migration configs written for CLI tests: the demo's shape, with the source and tables swapped in. */
final class TestConfigs {

    private TestConfigs() {
    }

    static final String EMBEDDED_SOURCE = """
              - name: demo
                engine: postgresql
                jdbcUrl: embedded:demo
            """;

    static String jdbcSource(String url, String loginVariable) {
        return """
                  - name: demo
                    engine: postgresql
                    jdbcUrl: %s
                    credentials:
                      env: %s
                    tls: disable
                """.formatted(url, loginVariable);
    }

    static final String ORDERS = """
              - source: demo
                table: sales.orders
                primaryKey: [order_id]
                watermark:
                  type: timestamp
                  column: updated_at
                target:
                  mode: merge
                chunk:
                  maxRows: 1000
                columns:
                  notes:
                    policy: acceptLossy
                    note: long notes are truncated in Redshift only
            """;

    static final String ORDER_LINES = """
              - source: demo
                table: sales.order_lines
                primaryKey: [order_id, line_no]
                watermark:
                  type: timestamp
                  column: updated_at
                target:
                  mode: merge
            """;

    static final String CUSTOMERS_BLOCKED = """
              - source: demo
                table: sales.customers
                primaryKey: [customer_id]
                watermark:
                  type: timestamp
                  column: updated_at
                target:
                  mode: merge
            """;

    static String config(String sources, String... tables) {
        return """
                environment:
                  name: test
                  account: "000000000000"
                  region: eu-west-1
                sources:
                %slake:
                  bucket: sluice-test-lake
                warehouse:
                  workgroup: sluice-test
                  database: analytics
                notifications:
                  topicName: sluice-test
                tables:
                %s""".formatted(sources, String.join("", tables));
    }

    static Path write(Path directory, String name, String yaml) {
        try {
            return Files.writeString(directory.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
