package dev.sluice.local.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The time and cost of migrating a table whole (its backfill), from what {@code sluice plan} knows: the source's
 * row and byte estimates, the chunk count, and a sample chunk's measured compression and extraction speed.
 *
 * <p>Time: the bytes on the wire are the source's own size estimate (JDBC moves rows roughly as wide as they are
 * stored); {@code duration = max(wireBytes / bandwidth, rows / (rowsPerSecondPerStream * streams))}, the slower of
 * the link and the extractors. Cost, at {@link UnitPrices}:
 * <ul>
 *   <li>Lambda: each of the {@code streams} ExtractChunk functions is busy for the whole duration (when the link is
 *       the bottleneck it waits on it, and is billed for waiting), at the ExtractChunk memory; plus one request a
 *       chunk and {@value #ORCHESTRATION_INVOCATIONS_PER_RUN} orchestration invocations a run of about
 *       {@value #ORCHESTRATION_GB_SECONDS_PER_INVOCATION} GB-second each (statemachines/migrate-table.asl.json:
 *       Plan, SealRun, the start and check of the crawler, validation and load, Commit, NotifySuccess, with the
 *       crawler, usually the slowest, checked four times).</li>
 *   <li>Step Functions (standard): {@value #TRANSITIONS_PER_RUN} transitions a run outside the Map (the 21 states
 *       of the success path with each wait/check/choice loop taken once, plus three more crawler polls of three
 *       states) and {@value #TRANSITIONS_PER_CHUNK} a chunk (its ExtractChunk task, plus one as an allowance for
 *       retries and Distributed Map child executions).</li>
 *   <li>S3 PUTs: a chunk is a multipart upload (create, one part per {@value #PART_SIZE_MIB} MiB, complete) and a
 *       manifest; a run adds {@value #PUTS_PER_RUN} state objects (plan, run manifest, validation and load reports,
 *       watermark, lease taken and released, ledger entry). Storage: the Parquet for one month.</li>
 *   <li>Athena: validation scans the run's Parquet once ({@value #ATHENA_MINIMUM_MIB} MiB minimum a query).</li>
 * </ul>
 */
final class MigrationEstimate {

    static final int ORCHESTRATION_INVOCATIONS_PER_RUN = 13;
    static final double ORCHESTRATION_GB_SECONDS_PER_INVOCATION = 1.0;
    static final int TRANSITIONS_PER_RUN = 30;
    static final int TRANSITIONS_PER_CHUNK = 2;
    static final int PART_SIZE_MIB = 16;
    static final int PUTS_PER_RUN = 8;
    static final int ATHENA_MINIMUM_MIB = 10;

    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final double TIB = GIB * 1024;
    private static final double MIB = 1024.0 * 1024;

    private MigrationEstimate() {
    }

    /**
     * What the estimate of one table starts from.
     *
     * @param rows                   rows of the whole table (source estimate)
     * @param wireBytes              bytes of the whole table (source estimate): what crosses the link
     * @param chunks                 chunks of the whole table
     * @param compressionRatio       source bytes per Parquet byte, measured on the sample
     * @param rowsPerSecondPerStream extraction speed of one stream, measured on the sample
     * @param streams                concurrent ExtractChunk functions
     * @param bandwidthBytesPerSecond the link
     * @param lambdaMemoryMb         ExtractChunk's memory
     */
    record Inputs(long rows, long wireBytes, int chunks, double compressionRatio, double rowsPerSecondPerStream,
                  int streams, double bandwidthBytesPerSecond, int lambdaMemoryMb) {
    }

    /** The estimate of one table (or, summed, of the migration). */
    @JsonPropertyOrder({"rows", "wireBytes", "parquetBytes", "chunks", "streams", "networkSeconds",
            "extractSeconds", "durationSeconds", "boundBy", "cost"})
    record Figures(long rows, long wireBytes, long parquetBytes, int chunks, Integer streams, double networkSeconds,
                   double extractSeconds, double durationSeconds, String boundBy, Cost cost) {
    }

    /** US dollars, by service, and the quantities they are priced from. {@code totalUsd} includes one storage month. */
    @JsonPropertyOrder({"lambdaGbSeconds", "lambdaRequests", "lambdaUsd", "stepFunctionsTransitions",
            "stepFunctionsUsd", "s3PutRequests", "s3PutUsd", "s3StorageUsdPerMonth", "athenaBytesScanned",
            "athenaUsd", "totalUsd"})
    record Cost(double lambdaGbSeconds, long lambdaRequests, double lambdaUsd, long stepFunctionsTransitions,
                double stepFunctionsUsd, long s3PutRequests, double s3PutUsd, double s3StorageUsdPerMonth,
                long athenaBytesScanned, double athenaUsd, double totalUsd) {

        Cost plus(Cost o) {
            return new Cost(lambdaGbSeconds + o.lambdaGbSeconds, lambdaRequests + o.lambdaRequests,
                    lambdaUsd + o.lambdaUsd, stepFunctionsTransitions + o.stepFunctionsTransitions,
                    stepFunctionsUsd + o.stepFunctionsUsd, s3PutRequests + o.s3PutRequests, s3PutUsd + o.s3PutUsd,
                    s3StorageUsdPerMonth + o.s3StorageUsdPerMonth, athenaBytesScanned + o.athenaBytesScanned,
                    athenaUsd + o.athenaUsd, totalUsd + o.totalUsd);
        }

        static final Cost NONE = new Cost(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    static Figures of(Inputs in, UnitPrices prices) {
        long parquetBytes = in.compressionRatio() > 0 ? Math.round(in.wireBytes() / in.compressionRatio()) : 0;
        double networkSeconds = in.wireBytes() / in.bandwidthBytesPerSecond();
        double extractSeconds = in.rows() == 0 ? 0 : in.rows() / (in.rowsPerSecondPerStream() * in.streams());
        double duration = Math.max(networkSeconds, extractSeconds);
        String boundBy = networkSeconds >= extractSeconds ? "network" : "extraction";

        double lambdaGbSeconds = duration * in.streams() * in.lambdaMemoryMb() / 1024.0
                + ORCHESTRATION_INVOCATIONS_PER_RUN * ORCHESTRATION_GB_SECONDS_PER_INVOCATION;
        long lambdaRequests = in.chunks() + ORCHESTRATION_INVOCATIONS_PER_RUN;
        double lambdaUsd = lambdaGbSeconds * prices.lambdaPerGbSecond()
                + lambdaRequests * prices.lambdaPerMillionRequests() / 1e6;

        long transitions = TRANSITIONS_PER_RUN + (long) TRANSITIONS_PER_CHUNK * in.chunks();
        double stepFunctionsUsd = transitions * prices.stepFunctionsPerThousandTransitions() / 1000;

        long partsPerChunk = in.chunks() == 0 ? 0
                : Math.max(1, (long) Math.ceil(parquetBytes / (double) in.chunks() / (PART_SIZE_MIB * MIB)));
        long puts = in.chunks() * (3 + partsPerChunk) + PUTS_PER_RUN;
        double putUsd = puts * prices.s3PerThousandPuts() / 1000;
        double storageUsd = parquetBytes / GIB * prices.s3PerGbMonth();

        long scanned = Math.max(parquetBytes, (long) (ATHENA_MINIMUM_MIB * MIB));
        double athenaUsd = scanned / TIB * prices.athenaPerTbScanned();

        double total = lambdaUsd + stepFunctionsUsd + putUsd + storageUsd + athenaUsd;
        return new Figures(in.rows(), in.wireBytes(), parquetBytes, in.chunks(), in.streams(), networkSeconds,
                extractSeconds, duration, boundBy, new Cost(lambdaGbSeconds, lambdaRequests, lambdaUsd, transitions,
                stepFunctionsUsd, puts, putUsd, storageUsd, scanned, athenaUsd, total));
    }

    /** The migration of several tables, one after another: sums, with the durations added. */
    static Figures total(List<Figures> tables) {
        long rows = 0;
        long wire = 0;
        long parquet = 0;
        int chunks = 0;
        double network = 0;
        double extract = 0;
        double duration = 0;
        Cost cost = Cost.NONE;
        for (Figures f : tables) {
            rows += f.rows();
            wire += f.wireBytes();
            parquet += f.parquetBytes();
            chunks += f.chunks();
            network += f.networkSeconds();
            extract += f.extractSeconds();
            duration += f.durationSeconds();
            cost = cost.plus(f.cost());
        }
        return new Figures(rows, wire, parquet, chunks, null, network, extract, duration, null, cost);
    }
}
