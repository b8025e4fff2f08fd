package dev.sluice.local.cli;

import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.watermark.Watermark;
import dev.sluice.core.watermark.WatermarkException;
import dev.sluice.core.watermark.WatermarkJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The committed watermarks of local mode, read where the local lake keeps them: S3Proxy serves the lake from its
 * filesystem store under {@code .sluice/lake}, which holds object {@code key} of bucket {@code b} as the file
 * {@code .sluice/lake/b/key}. Reading the file directly lets {@code sluice plan} show the next window without
 * starting S3Proxy; only runs write it (through S3Proxy, with If-Match).
 */
final class LocalWatermarks {

    private final Path lakeDirectory;
    private final LakeLayout layout;

    LocalWatermarks(CliEnvironment environment, SluiceConfig config) {
        this.lakeDirectory = environment.stateDirectory().resolve("lake");
        this.layout = new LakeLayout(config.lake());
    }

    /** The file holding the committed watermark of {@code table}, whether or not it exists. */
    Path file(String source, TableRef table) {
        return lakeDirectory.resolve(layout.bucket()).resolve(layout.watermark(source, table));
    }

    /** The committed watermark of {@code table}; empty before its first committed run. */
    Optional<Watermark> read(String source, TableRef table) {
        Path file = file(source, table);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(WatermarkJson.read(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IOException e) {
            throw CommandFailure.badInput("the committed watermark " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "): check its permissions", e);
        } catch (WatermarkException e) {
            throw CommandFailure.badInput(SourceFailures.oneLine(e.getMessage()), e);
        }
    }
}
