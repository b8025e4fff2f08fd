package dev.sluice.core.state;

import dev.sluice.core.lake.ForwardingObjectStore;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.lake.ManifestConflictException;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.lake.WriteOnceObjects;
import dev.sluice.core.source.TableRef;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The run ledger: every attempt of every run, as JSON lines Athena can query. S3 cannot append, so each attempt is
 * its own small object ({@code _sluice/ledger/<source>/<schema>.<table>/<runId>/<attempt>.jsonl}, one JSON object
 * on one line) created once with If-None-Match; an Athena table located at {@link LakeLayout#ledgerRoot()} reads
 * them all. A rerun of the same window (same run id) is a new attempt and a new line; a retried write of the same
 * attempt resolves its 412 like a manifest ({@code endedAt} may differ between the retries and is ignored).
 */
public final class RunLedger {

    private final ObjectStore store;
    private final LakeLayout layout;
    private final WriteOnceObjects writeOnce;

    public RunLedger(ObjectStore store, LakeLayout layout) {
        this.store = Objects.requireNonNull(store, "store");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.writeOnce = new WriteOnceObjects(new JsonLinesStore(store));
    }

    /**
     * Records one attempt.
     *
     * @throws ManifestConflictException when the same attempt was recorded with different content
     */
    public void append(LedgerEntry entry) {
        writeOnce.create(keyOf(entry), entry, Set.of("endedAt"));
    }

    public String keyOf(LedgerEntry entry) {
        return layout.ledgerEntry(entry.source(), TableRef.parse(entry.table()), entry.runId(), entry.attempt());
    }

    /** Every recorded attempt of a table, in key order (run id, then attempt start). */
    public List<LedgerEntry> entries(String source, TableRef table) {
        String prefix = layout.ledgerRoot() + LakeLayout.safe(source, "source name") + "/" + table + "/";
        return store.listAll(prefix).stream()
                .map(info -> LakeJson.read(info.key(), store.get(info.key()).orElseThrow().bytes(),
                        LedgerEntry.class))
                .toList();
    }

    /** Writes each JSON object as one line (newline-terminated), as the JSON SerDe expects. */
    private static final class JsonLinesStore extends ForwardingObjectStore {
        JsonLinesStore(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public PutResult putIfAbsent(String key, byte[] body, String contentType) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(body.length + 1);
            line.writeBytes(body);
            line.write('\n');
            return super.putIfAbsent(key, line.toByteArray(), "application/x-ndjson");
        }
    }
}
