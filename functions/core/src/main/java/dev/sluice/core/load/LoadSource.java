package dev.sluice.core.load;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a load batch reads the run's rows from into its staging table. Every value here ends up as a SQL literal
 * (the Redshift Data API batch has no parameters for COPY), so each is validated against a strict pattern when the
 * record is built: no quote, backslash or control character can reach the SQL text.
 */
public sealed interface LoadSource {

    /**
     * Redshift: {@code COPY ... FROM '<s3Prefix>' IAM_ROLE '<roleArn>' FORMAT AS PARQUET}, or, with a COPY manifest,
     * {@code COPY ... FROM '<manifestUrl>' IAM_ROLE '<roleArn>' FORMAT AS PARQUET MANIFEST}: the manifest lists
     * exactly the run's chunk objects ({@code mandatory}, with their {@code content_length}), so a run with many
     * objects is read without listing the prefix and nothing else under the prefix can be loaded.
     *
     * @param s3Prefix    the run's partition, {@code s3://bucket/.../run_id=<runId>/}
     * @param roleArn     the role Redshift assumes to read the lake
     * @param manifestUrl the run's COPY manifest, {@code s3://bucket/.../<runId>/copy.manifest}, or null to read the
     *                    prefix
     */
    record S3Copy(String s3Prefix, String roleArn, String manifestUrl) implements LoadSource {
        private static final Pattern S3 = Pattern.compile(
                "s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[A-Za-z0-9!_.*()=/-]*run_id=[A-Za-z0-9_-]+/");
        private static final Pattern MANIFEST = Pattern.compile(
                "s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[A-Za-z0-9!_.*()=/-]*/[A-Za-z0-9_-]+/copy\\.manifest");
        private static final Pattern ROLE = Pattern.compile(
                "arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");

        /** A COPY of the whole prefix. */
        public S3Copy(String s3Prefix, String roleArn) {
            this(s3Prefix, roleArn, null);
        }

        /** This COPY reading the objects listed by the COPY manifest at {@code url} (same bucket). */
        public S3Copy withManifest(String url) {
            return new S3Copy(s3Prefix, roleArn, url);
        }

        /** The bucket of the prefix. */
        public String bucket() {
            return s3Prefix.substring("s3://".length(), s3Prefix.indexOf('/', "s3://".length()));
        }

        public S3Copy {
            if (manifestUrl != null && (!MANIFEST.matcher(manifestUrl).matches()
                    || manifestUrl.indexOf("//", 5) >= 0 || s3Prefix == null
                    || !manifestUrl.startsWith(s3Prefix.substring(0, s3Prefix.indexOf('/', 5) + 1)))) {
                throw new IllegalArgumentException("COPY manifest '" + manifestUrl + "' is not a run's copy.manifest"
                        + " in the bucket of " + s3Prefix + " (s3://bucket/.../<runId>/copy.manifest, S3-safe"
                        + " characters only)");
            }
            if (s3Prefix == null || !S3.matcher(s3Prefix).matches() || s3Prefix.indexOf("//", 5) >= 0) {
                throw new IllegalArgumentException("COPY source '" + s3Prefix + "' is not the S3 prefix of a run"
                        + " partition (s3://bucket/.../run_id=<runId>/ with S3-safe characters only)");
            }
            if (roleArn == null || !ROLE.matcher(roleArn).matches()) {
                throw new IllegalArgumentException("COPY role '" + roleArn + "' is not an IAM role ARN"
                        + " (arn:aws:iam::<account>:role/<name>); fix warehouse.copyRoleArn in config");
            }
        }
    }

    /**
     * DuckDB (local mode): {@code read_parquet('<directory>/*.parquet')}.
     *
     * @param directory absolute path of the run's partition on local disk
     */
    record LocalParquet(Path directory) implements LoadSource {
        private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9 _.=+,@/:\\\\-]+");

        public LocalParquet {
            Objects.requireNonNull(directory, "directory");
            String text = directory.toString();
            if (!directory.isAbsolute() || !SAFE.matcher(text).matches()) {
                throw new IllegalArgumentException("local run partition '" + text + "' must be an absolute path of"
                        + " letters, digits, space and _ . = + , @ / : \\ - only");
            }
        }

        /** The glob given to read_parquet, with forward slashes. */
        public String glob() {
            return directory.toString().replace('\\', '/') + "/*.parquet";
        }
    }

    /**
     * A table already holding the run's lake rows (same columns as the Parquet files): used to execute the load
     * semantics on PostgreSQL, which has no Parquet reader.
     */
    record StagedTable(String schema, String table) implements LoadSource {
        public StagedTable {
            SqlIdentifier.qualified("staged rows table", schema, table);
        }
    }
}
