package dev.sluice.local.cli;

import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.state.LedgerEntry;
import dev.sluice.core.state.RunLedger;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The local lake of one config as the read-side commands see it: the bucket's directory under
 * {@code .sluice/lake}, its key layout, and the run ledger read through the core stores.
 */
final class LocalLake {

    private final CliEnvironment environment;
    private final LakeLayout layout;
    private final LocalLakeFiles files;

    LocalLake(CliEnvironment environment, SluiceConfig config) {
        this.environment = environment;
        this.layout = new LakeLayout(config.lake());
        this.files = new LocalLakeFiles(environment.stateDirectory().resolve("lake").resolve(layout.bucket()));
    }

    LakeLayout layout() {
        return layout;
    }

    ObjectStore store() {
        return files;
    }

    /** True when some run has written to the bucket. */
    boolean exists() {
        return files.exists();
    }

    /** The bucket's directory as people should read it: relative to the working directory when inside it. */
    String where() {
        return environment.shown(files.directory());
    }

    /** Every recorded attempt of {@code table}, newest first (by start, then run id). */
    List<LedgerEntry> runsNewestFirst(TableConfig table) {
        return new RunLedger(files, layout).entries(table.source(), TableRef.parse(table.table())).stream()
                .sorted(Comparator.comparing(LedgerEntry::startedAt).thenComparing(LedgerEntry::runId).reversed())
                .toList();
    }

    /** A lake read that failed (an unreadable or corrupt object) as one CLI line. */
    static CommandFailure unreadable(String table, RuntimeException e) {
        return CommandFailure.badInput("the local lake state of " + table + " cannot be read: "
                + SourceFailures.oneLine(e.getMessage()), e);
    }
}
