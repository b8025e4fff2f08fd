package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.local.demo.DemoDatabase;
import dev.sluice.local.demo.DemoScale;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source whose config names a Secrets Manager secret and no environment variable: local mode reads the login from
 * the secret with the caller's AWS credentials, as on-call does with an environment's deployed config. Secrets Manager
 * is a loopback stand-in speaking its JSON protocol (GetSecretValue), reached through
 * {@code SLUICE_SECRETSMANAGER_ENDPOINT}; the source is a JDBC PostgreSQL.
 */
class SecretLoginIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:sluice/it-login-AbCdEf";
    private static final String SECRET = "{\"username\":\"postgres\",\"password\":\"s3cr3t-value\"}";

    private static DemoDatabase source;
    private static HttpServer secrets;
    private static final List<String> requestedIds = new CopyOnWriteArrayList<>();

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        source = DemoDatabase.openTemporary(new DemoScale(500, 3));
        secrets = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        secrets.createContext("/", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String id = request.path("SecretId").asText();
            requestedIds.add(id);
            byte[] body;
            int status;
            if ("secretsmanager.GetSecretValue".equals(target) && id.equals(ARN)) {
                status = 200;
                body = JSON.writeValueAsBytes(Map.of("ARN", ARN, "Name", "sluice/it-login", "SecretString", SECRET));
            } else {
                status = 400;
                body = JSON.writeValueAsBytes(Map.of("__type", "ResourceNotFoundException",
                        "message", "Secrets Manager can't find the specified secret."));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        secrets.start();
        // the default credentials chain reads these system properties before anything else on the machine
        System.setProperty("aws.accessKeyId", "AKIDLOCALTEST");
        System.setProperty("aws.secretAccessKey", "local-test-secret-key");
    }

    @AfterAll
    static void stop() {
        if (secrets != null) {
            secrets.stop(0);
        }
        if (source != null) {
            source.close();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private String config(String arn) {
        String sourceYaml = """
                  - name: demo
                    engine: postgresql
                    jdbcUrl: %s
                    credentials:
                      secretArn: %s
                    tls: disable
                """.formatted(source.jdbcUrl().replaceFirst("\\?.*$", ""), arn);
        TestConfigs.write(work, "deployed.yaml", TestConfigs.config(sourceYaml, TestConfigs.ORDERS));
        return "deployed.yaml";
    }

    private Map<String, String> variables() {
        return Map.of("SLUICE_SECRETSMANAGER_ENDPOINT", "http://127.0.0.1:" + secrets.getAddress().getPort());
    }

    @Test
    void planReadsTheLoginFromTheSecretTheConfigNames() throws Exception {
        CliRun plan = CliRun.of(work, variables(), "plan", "--config", config(ARN), "--sample-rows", "100", "--json");

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(JSON.readTree(plan.out()).path("tables").get(0).path("table").asText()).isEqualTo("sales.orders");
        assertThat(requestedIds).contains(ARN);
        assertThat(plan.out() + plan.err()).doesNotContain("s3cr3t-value");
    }

    @Test
    void aSecretThatCannotBeReadIsBadInputNamingTheArnAndTheWayOut() {
        String missing = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:sluice/missing-XyZ";
        CliRun plan = CliRun.of(work, variables(), "plan", "--config", config(missing));

        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(SluiceCli.EXIT_BAD_INPUT);
        assertThat(plan.errorLines()).singleElement().asString()
                .startsWith("sluice: sources[0].credentials.secretArn: cannot read the login of source demo from secret "
                        + missing)
                .contains("sign in (e.g. aws sso login, or AWS_PROFILE), or set sources[0].credentials.env");

        CliRun notAnArn = CliRun.of(work, variables(), "plan", "--config", config("sluice/it-login"));
        assertThat(notAnArn.exitCode()).isEqualTo(SluiceCli.EXIT_BAD_INPUT);
        assertThat(notAnArn.errorLines().getFirst()).contains("not a Secrets Manager secret ARN");
    }
}
