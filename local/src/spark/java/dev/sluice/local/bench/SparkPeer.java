package dev.sluice.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * The chunk benchmark's Spark peer: Spark local[2] reads the benchmark table over JDBC in two key-range partitions
 * and writes it as Parquet (ZSTD), then prints the {@code RESULT} line {@code ChunkBenchmark} reads from its children.
 *
 * <p>Compiled with {@code --release 17} and referring to nothing of Sluice, so {@code ChunkBenchmark} can fork it on a
 * JDK 17-23: Spark 4.0's Hadoop login calls {@code Subject.getSubject}, which throws from JDK 24 on, and Sluice's own
 * classes need JDK 21. Only built with {@code -Pspark-bench}.
 *
 * <p>Usage: {@code SparkPeer --port PORT} (embedded PostgreSQL on localhost, user postgres, table
 * {@code bench.lineitem}).
 */
public final class SparkPeer {

    private SparkPeer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--port")) {
            throw new IllegalArgumentException("usage: SparkPeer --port PORT; got " + String.join(" ", args));
        }
        String url = "jdbc:postgresql://localhost:" + Integer.parseInt(args[1]) + "/postgres?user=postgres";
        String table = "bench.lineitem";
        Path out = Files.createTempDirectory("sluice-bench-spark").resolve("out");
        AtomicLong rowsWritten = new AtomicLong();
        long began = System.nanoTime();
        SparkSession spark = SparkSession.builder().master("local[2]").appName("sluice-bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        String seconds;
        try {
            spark.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                    if (taskEnd.taskMetrics() != null) {
                        rowsWritten.addAndGet(taskEnd.taskMetrics().outputMetrics().recordsWritten());
                    }
                }
            });
            spark.read().format("jdbc")
                    .option("url", url)
                    .option("dbtable", table)
                    .option("fetchsize", "10000")
                    .option("partitionColumn", "l_id")
                    .option("lowerBound", "1")
                    .option("upperBound", Long.toString(maxId(url, table)))
                    .option("numPartitions", "2")
                    .load()
                    .write().option("compression", "zstd").parquet(out.toString());
            seconds = String.format(Locale.ROOT, "%.3f", (System.nanoTime() - began) / 1e9);
        } finally {
            spark.stop(); // drains the listener bus, so rowsWritten has every task's count
        }
        long bytes;
        try (var files = Files.walk(out)) {
            bytes = files.filter(p -> p.toString().endsWith(".parquet")).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.println("RESULT rows=" + rowsWritten.get() + " outBytes=" + bytes + " seconds=" + seconds
                + " peakRssMb=" + peakRssKb() / 1024);
        try (var files = Files.walk(out.getParent())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static long maxId(String url, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(l_id) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** This JVM's peak resident set (VmHWM), as {@code ChunkBenchmark}'s other children report it. */
    static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
