package dev.sluice.core.plan;

import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.source.KeySampler;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.SourceCatalog;
import dev.sluice.core.source.SourceClock;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceException;
import dev.sluice.core.source.SourceReadings;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.watermark.Watermark;
import dev.sluice.core.watermark.WatermarkWindow;
import dev.sluice.core.watermark.WatermarkWindows;
import java.util.Optional;

/**
 * The Plan step of one table run: describe the table, check that the configured key, split and watermark columns
 * exist, read the source's clock and commit-safe bound, compute the window from the committed watermark, and plan
 * its chunks. A table without a watermark in config is planned as {@code full}.
 */
public final class RunPlanner {

    private final SourceCatalog catalog;
    private final SourceClock clock;
    private final ChunkPlanner chunkPlanner;

    public RunPlanner(SourceCatalog catalog, SourceClock clock, KeySampler sampler) {
        this.catalog = catalog;
        this.clock = clock;
        this.chunkPlanner = new ChunkPlanner(sampler);
    }

    /** The plan of the table's next run (an empty plan with {@code nothingNew} when the window is empty). */
    public ChunkPlan plan(TableConfig table, IsolationLevel isolation, Optional<Watermark> committed,
                          String schemaFingerprint) {
        return plan(table, catalog.describe(TableRef.parse(table.table())), isolation, committed, schemaFingerprint);
    }

    /** As {@link #plan(TableConfig, IsolationLevel, Optional, String)}, for a table already described. */
    public ChunkPlan plan(TableConfig table, SourceTable described, IsolationLevel isolation,
                          Optional<Watermark> committed, String schemaFingerprint) {
        WatermarkWindow window = window(table, described, committed);
        return chunkPlanner.plan(table, described, window, schemaFingerprint, isolation);
    }

    /**
     * The plan of an explicit window {@code (from, to]} (mode {@code window}): its run id derives from the table,
     * the mode {@code <watermark type>-window} and the two bounds, so rerunning the same window reproduces it.
     */
    public ChunkPlan planWindow(TableConfig table, SourceTable described, IsolationLevel isolation, KeyValue from,
                                KeyValue to, String schemaFingerprint) {
        WatermarkConfig config = watermark(table);
        SourceColumn column = null;
        if (config.type() == WatermarkConfig.Type.TIMESTAMP || config.type() == WatermarkConfig.Type.ROWVERSION
                || config.type() == WatermarkConfig.Type.KEY) {
            column = require(described, config.column(), "tables[" + table.table() + "].watermark.column");
        }
        SourceReadings readings = clock.read(described.ref(), config.type(), column);
        WatermarkWindow window = WatermarkWindows.explicit(described.ref().toString(), config, column, from, to,
                readings);
        return chunkPlanner.plan(table, described, window, schemaFingerprint, isolation,
                ChunkPlanner.windowMode(window));
    }

    /** The next window alone (for {@code sluice plan} summaries and the nothing-new check). */
    public WatermarkWindow window(TableConfig table, SourceTable described, Optional<Watermark> committed) {
        WatermarkConfig config = watermark(table);
        for (String key : table.primaryKey()) {
            require(described, key, "tables[" + table.table() + "].primaryKey");
        }
        if (table.splitColumn() != null) {
            require(described, table.splitColumn(), "tables[" + table.table() + "].splitColumn");
        }
        SourceColumn column = null;
        if (config.type() == WatermarkConfig.Type.TIMESTAMP || config.type() == WatermarkConfig.Type.ROWVERSION
                || config.type() == WatermarkConfig.Type.KEY) {
            column = require(described, config.column(), "tables[" + table.table() + "].watermark.column");
        }
        SourceReadings readings = clock.read(described.ref(), config.type(), column);
        return WatermarkWindows.next(described.ref().toString(), config, column, committed, readings);
    }

    private static WatermarkConfig watermark(TableConfig table) {
        return table.watermark() == null ? new WatermarkConfig(WatermarkConfig.Type.FULL, null, null, null)
                : table.watermark();
    }

    private static SourceColumn require(SourceTable described, String name, String path) {
        return described.column(name).orElseThrow(() -> new SourceException(path + " names column " + name
                + ", which table " + described.ref() + " does not have: fix the column name in config"));
    }
}
