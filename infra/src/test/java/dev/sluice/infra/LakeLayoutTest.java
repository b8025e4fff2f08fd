package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.LakeConfig;
import org.junit.jupiter.api.Test;

class LakeLayoutTest {

    @Test
    void defaultsAndNormalizesPrefixes() {
        LakeLayout layout = LakeLayout.of(new LakeConfig("acme-lake", "/landing//", null, null, null, null));
        assertThat(layout.rawPrefix()).isEqualTo("landing/");
        assertThat(layout.statePrefix()).isEqualTo("_sluice/");
        assertThat(layout.athenaResultsLocation()).isEqualTo("s3://acme-lake/_sluice/athena-results/");
        assertThat(layout.rawTablePrefix("erp", "dbo.Orders")).isEqualTo("landing/erp/dbo.Orders/");
    }

    @Test
    void rejectsOverlappingPrefixes() {
        assertThatThrownBy(() -> LakeLayout.of(new LakeConfig("acme-lake", "data/", "data/state/", null, null, null)))
                .isInstanceOf(SynthException.class)
                .hasMessageContaining("overlap");
    }

    @Test
    void rejectsInvalidBucketNames() {
        assertThatThrownBy(() -> LakeLayout.of(new LakeConfig("Acme_Lake", null, null, null, null, null)))
                .hasMessageContaining("lake.bucket 'Acme_Lake' is not a valid S3 bucket name");
        assertThatThrownBy(() -> LakeLayout.of(new LakeConfig(null, null, null, null, null, null)))
                .hasMessageContaining("lake.bucket is missing");
    }
}
