package dev.sluice.local.stand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.pipeline.Notification;
import dev.sluice.core.pipeline.Notifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Local mode's notification topic (SNS's stand-in): each notification is appended to a JSON-lines file (by default
 * {@code .sluice/notifications.jsonl}) as one object, {@code messageId} and {@code publishedAt} first, then the
 * notification's fields, and forced to disk before {@link #publish} returns. It prints nothing: the CLI decides what
 * people see. Publishing the same notification twice appends two lines, as SNS would deliver two messages.
 */
public final class FileNotifier implements Notifier {

    /** The file under the working directory when none is configured. */
    public static final Path DEFAULT_FILE = Path.of(".sluice", "notifications.jsonl");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Clock clock;

    public FileNotifier(Path file, Clock clock) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized String publish(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        String messageId = UUID.randomUUID().toString();
        ObjectNode line = JSON.createObjectNode();
        line.put("messageId", messageId);
        line.put("publishedAt", clock.instant().toString());
        line.setAll((ObjectNode) JSON.valueToTree(notification));
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification of " + notification.table() + " cannot be written as JSON",
                    e);
        }
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append the notification for " + notification.table() + " to "
                    + file + ": " + e.getMessage() + "; check that the directory is writable", e);
        }
        return messageId;
    }
}
