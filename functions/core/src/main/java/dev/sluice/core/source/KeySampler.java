package dev.sluice.core.source;

import java.util.List;

/** Port: the distribution of a table's keys within a range, from statistics or a sample sorted by the source. */
public interface KeySampler {

    /**
     * @param table        the table as described (its row estimate sizes the sample, its columns type the key)
     * @param columns      the key columns, in key order
     * @param within       only keys in this range (the window of an incremental run, or all keys)
     * @param targetPoints about how many points the caller wants
     */
    KeyDistribution distribution(SourceTable table, List<String> columns, KeyRange within, int targetPoints);
}
