package dev.sluice.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.lake.RowHashDigest;
import dev.sluice.core.state.RunManifest;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CopyManifestTest {

    private static final String PREFIX = "s3://acme-lake/raw/erp/sales.orders/ingest_date=2026-11-20/run_id="
            + LoadFixtures.RUN_1 + "/";
    private static final String ROLE = "arn:aws:iam::123456789012:role/sluice-copy";
    private static final String MANIFEST = "s3://acme-lake/_sluice/runs/erp/sales.orders/" + LoadFixtures.RUN_1
            + "/copy.manifest";

    @Test
    void theCopyOfAManifestReadsExactlyTheListedObjectsAsParquet() {
        LoadSource.S3Copy copy = new LoadSource.S3Copy(PREFIX, ROLE).withManifest(MANIFEST);
        List<String> sql = RedshiftLoadSql.batch(LoadFixtures.plan(TargetConfig().mode(), LoadFixtures.RUN_1, copy, 3),
                LoadDialect.REDSHIFT);

        assertThat(sql).filteredOn(s -> s.startsWith("COPY ")).containsExactly("COPY sluice_staged FROM '" + MANIFEST
                + "' IAM_ROLE '" + ROLE + "' FORMAT AS PARQUET MANIFEST");
    }

    @Test
    void withoutAManifestTheCopyReadsThePrefix() {
        List<String> sql = RedshiftLoadSql.batch(LoadFixtures.plan(TargetConfig().mode(), LoadFixtures.RUN_1,
                new LoadSource.S3Copy(PREFIX, ROLE), 3), LoadDialect.REDSHIFT);

        assertThat(sql).filteredOn(s -> s.startsWith("COPY ")).containsExactly("COPY sluice_staged FROM '" + PREFIX
                + "' IAM_ROLE '" + ROLE + "' FORMAT AS PARQUET");
    }

    @Test
    void anotherRunsManifestIsRefused() {
        LoadSource.S3Copy copy = new LoadSource.S3Copy(PREFIX, ROLE).withManifest(
                "s3://acme-lake/_sluice/runs/erp/sales.orders/" + LoadFixtures.RUN_2 + "/copy.manifest");

        assertThatThrownBy(() -> RedshiftLoadSql.batch(LoadFixtures.plan(TargetConfig().mode(), LoadFixtures.RUN_1,
                copy, 3), LoadDialect.REDSHIFT)).hasMessageContaining("is not the manifest of run " + LoadFixtures.RUN_1);
    }

    @Test
    void aManifestUrlMustBeAnS3CopyManifestInTheSameBucketWithoutQuotes() {
        LoadSource.S3Copy copy = new LoadSource.S3Copy(PREFIX, ROLE);
        assertThatThrownBy(() -> copy.withManifest("s3://other-lake/_sluice/runs/x/" + LoadFixtures.RUN_1
                + "/copy.manifest")).hasMessageContaining("in the bucket of " + PREFIX);
        assertThatThrownBy(() -> copy.withManifest("s3://acme-lake/_sluice/runs/x'; DROP TABLE t;--/copy.manifest"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> copy.withManifest("s3://acme-lake/_sluice/runs/x/r1/manifest.json"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyChunkObjectIsAMandatoryEntryWithItsContentLengthInChunkOrder() throws Exception {
        RunManifest run = new RunManifest(LoadFixtures.RUN_1, "erp", "sales.orders", "f", 30, 1_500,
                RowHashDigest.EMPTY, new TreeMap<>(), new TreeMap<>(), List.of(
                        new RunManifest.Chunk("c2", "raw/erp/sales.orders/ingest_date=2026-11-20/run_id=r/part-c2.parquet",
                                10, 700, "\"e2\""),
                        new RunManifest.Chunk("c1", "raw/erp/sales.orders/ingest_date=2026-11-20/run_id=r/part-c1.parquet",
                                20, 800, "\"e1\"")));

        JsonNode json = new ObjectMapper().readTree(CopyManifest.json("acme-lake", run));

        assertThat(json.get("entries")).hasSize(2);
        JsonNode first = json.get("entries").get(0);
        assertThat(first.get("url").asText())
                .isEqualTo("s3://acme-lake/raw/erp/sales.orders/ingest_date=2026-11-20/run_id=r/part-c1.parquet");
        assertThat(first.get("mandatory").asBoolean()).isTrue();
        assertThat(first.get("meta").get("content_length").asLong()).isEqualTo(800);
        assertThat(json.get("entries").get(1).get("meta").get("content_length").asLong()).isEqualTo(700);
        assertThat(CopyManifest.json("acme-lake", run)).isEqualTo(CopyManifest.json("acme-lake", run));
    }

    private static dev.sluice.core.config.TargetConfig TargetConfig() {
        return new dev.sluice.core.config.TargetConfig("analytics", "orders",
                dev.sluice.core.config.TargetConfig.Mode.APPEND, null, List.of());
    }
}
