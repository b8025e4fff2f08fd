package dev.sluice.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SecretRedactionTest {

    @Test
    void masksLoginPropertiesOfPostgresAndSqlServerUrls() {
        assertThat(SecretRedaction.redact("jdbc:postgresql://db:5432/sales?user=loader&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/sales?user=***&password=***&ssl=true");
        assertThat(SecretRedaction.redact("jdbc:sqlserver://sales:1433;databaseName=Sales;user=sa;password={a;b};"
                + "encrypt=true"))
                .isEqualTo("jdbc:sqlserver://sales:1433;databaseName=Sales;user=***;password=***;encrypt=true");
        assertThat(SecretRedaction.redact("Server=x;User Id=sa;Pwd=abc;Database=y"))
                .isEqualTo("Server=x;User Id=***;Pwd=***;Database=y");
    }

    @Test
    void masksUserInfoInUrlsAndSecretFieldsInJson() {
        assertThat(SecretRedaction.redact("cannot reach jdbc:postgresql://loader:hunter2@db:5432/sales"))
                .isEqualTo("cannot reach jdbc:postgresql://***@db:5432/sales");
        assertThat(SecretRedaction.redact("bad secret {\"username\": \"loader\", \"password\": \"hu\\\"nter2\"}"))
                .isEqualTo("bad secret {\"username\": \"***\", \"password\": \"***\"}");
    }

    @Test
    void leavesTextWithoutLoginsAlone() {
        String plain = "chunk 3 of demo.sales.orders: 1234 rows, key range (10, 20]; userCount=5 is not a login";
        assertThat(SecretRedaction.redact(plain)).isEqualTo(plain);
        assertThat(SecretRedaction.needsRedaction(plain)).isFalse();
        assertThat(SecretRedaction.redact(null)).isNull();
    }

    @Test
    void aRedactedChainKeepsTypesAndStackTracesButNotTheSecrets() {
        SQLException root = new SQLException("login failed: password=hunter2");
        IllegalStateException top = new IllegalStateException("opening user=loader", root);

        SecretRedaction.RedactedException chain = SecretRedaction.redactedChain(top);

        assertThat(chain.getMessage()).isEqualTo("java.lang.IllegalStateException: opening user=***");
        assertThat(chain.getCause().getMessage()).isEqualTo("java.sql.SQLException: login failed: password=***");
        assertThat(chain.getStackTrace()).isEqualTo(top.getStackTrace());
        assertThat(chain.getCause().getCause()).isNull();
        assertThat(SecretRedaction.chainNeedsRedaction(top)).isTrue();
    }
}
