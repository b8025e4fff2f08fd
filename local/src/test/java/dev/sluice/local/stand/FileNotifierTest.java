package dev.sluice.local.stand;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.pipeline.Notification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNotifierTest {

    @TempDir
    Path directory;

    @Test
    void eachNotificationIsOneJsonLineWithItsMessageId() throws Exception {
        Path file = directory.resolve("state/notifications.jsonl");
        FileNotifier notifier = new FileNotifier(file,
                Clock.fixed(Instant.parse("2026-11-22T05:00:00Z"), ZoneOffset.UTC));
        String first = notifier.publish(new Notification("FAILED", "demo", "sales.orders", "r1", "CheckValidation",
                "validation mismatch", "rerun the window", "sluice: sales.orders failed", "line one\nline two"));
        String second = notifier.publish(new Notification("SUCCEEDED", "demo", "sales.orders", "r2", null, null,
                null, "sluice: sales.orders loaded", "ok"));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode failed = new ObjectMapper().readTree(lines.get(0));
        assertThat(failed.get("messageId").asText()).isEqualTo(first);
        assertThat(failed.get("publishedAt").asText()).isEqualTo("2026-11-22T05:00:00Z");
        assertThat(failed.get("step").asText()).isEqualTo("CheckValidation");
        assertThat(failed.get("body").asText()).isEqualTo("line one\nline two");
        JsonNode succeeded = new ObjectMapper().readTree(lines.get(1));
        assertThat(succeeded.get("messageId").asText()).isEqualTo(second).isNotEqualTo(first);
        assertThat(succeeded.get("runId").asText()).isEqualTo("r2");
        assertThat(succeeded.has("failureClass")).isFalse();
    }
}
