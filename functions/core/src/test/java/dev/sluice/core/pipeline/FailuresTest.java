package dev.sluice.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.ConfigProblem;
import dev.sluice.core.extract.chunk.ExtractChunkException;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.FailureClass;
import dev.sluice.core.failure.LoadFailure;
import dev.sluice.core.failure.SluiceFailure;
import dev.sluice.core.failure.SourceFailure;
import dev.sluice.core.lake.ManifestConflictException;
import dev.sluice.core.source.SourceException;
import dev.sluice.core.state.LeaseHeldException;
import dev.sluice.core.state.LeaseLostException;
import dev.sluice.core.state.SchemaDriftException;
import dev.sluice.core.state.SealException;
import dev.sluice.core.state.WatermarkConflictException;
import dev.sluice.core.warehouse.WarehousePermanentException;
import dev.sluice.core.watermark.ChangeTrackingExpiredException;
import dev.sluice.core.watermark.WatermarkException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private static FailureClass classOf(Throwable e) {
        return Failures.translate(e, "Step of demo.sales.orders").failureClass();
    }

    @Test
    void eachDomainExceptionHasItsFailureClass() {
        assertThat(classOf(new SourceException("reset", true, null))).isEqualTo(FailureClass.TRANSIENT);
        assertThat(classOf(new SourceException("no grant"))).isEqualTo(FailureClass.SOURCE);
        assertThat(classOf(new SchemaDriftException("sales.orders", List.of("amount changed"))))
                .isEqualTo(FailureClass.SCHEMA_DRIFT);
        assertThat(classOf(new LeaseHeldException("sales.orders", "r1", "exec-1", Instant.EPOCH)))
                .isEqualTo(FailureClass.RUN_IN_PROGRESS);
        assertThat(classOf(new LeaseLostException("sales.orders", "r1", "held by run r2")))
                .isEqualTo(FailureClass.RUN_IN_PROGRESS);
        assertThat(classOf(new WatermarkConflictException("sales.orders", "e1", "k")))
                .isEqualTo(FailureClass.RUN_IN_PROGRESS);
        assertThat(classOf(new ChangeTrackingExpiredException("expired"))).isEqualTo(FailureClass.SOURCE);
        assertThat(classOf(new WatermarkException("type changed"))).isEqualTo(FailureClass.CONFIGURATION);
        assertThat(classOf(new ConfigException(new ConfigProblem("config/dev.yaml", "tables[0].table", "bad",
                "fix it", ConfigProblem.Severity.ERROR)))).isEqualTo(FailureClass.CONFIGURATION);
        assertThat(classOf(new SealException("missing c1", List.of("c1"), List.of(), List.of())))
                .isEqualTo(FailureClass.VALIDATION_MISMATCH);
        assertThat(classOf(new ManifestConflictException("k", List.of("rows"))))
                .isEqualTo(FailureClass.VALIDATION_MISMATCH);
        assertThat(classOf(new WarehousePermanentException("denied", null))).isEqualTo(FailureClass.LOAD);
        assertThat(classOf(new IllegalStateException("socket closed"))).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void aChunkFailureIsClassifiedByWhetherItCanBeRetriedAndByItsCause() {
        assertThat(classOf(new ExtractChunkException(ExtractChunkException.Kind.RETRYABLE, "sales.orders", "c1",
                "timeout", null))).isEqualTo(FailureClass.TRANSIENT);
        assertThat(classOf(new ExtractChunkException(ExtractChunkException.Kind.PERMANENT, "sales.orders", "c1",
                "drift", new SchemaDriftException("sales.orders", List.of("amount dropped")))))
                .isEqualTo(FailureClass.SCHEMA_DRIFT);
        assertThat(classOf(new ExtractChunkException(ExtractChunkException.Kind.PERMANENT, "sales.orders", "c1",
                "conflict", new ManifestConflictException("k", List.of("rowCount")))))
                .isEqualTo(FailureClass.VALIDATION_MISMATCH);
        assertThat(classOf(new ExtractChunkException(ExtractChunkException.Kind.PERMANENT, "sales.orders", "c1",
                "permission denied", new SQLException("permission denied", "42501"))))
                .isEqualTo(FailureClass.SOURCE);
    }

    @Test
    void theMessageSaysWhereAndKeepsTheDomainMessageAndCause() {
        SourceException cause = new SourceException("table sales.orders: permission denied; grant SELECT");
        SluiceFailure failure = Failures.translate(cause, "Plan of demo.sales.orders");

        assertThat(failure).isInstanceOf(SourceFailure.class);
        assertThat(failure.getMessage())
                .isEqualTo("Plan of demo.sales.orders: table sales.orders: permission denied; grant SELECT");
        assertThat(failure.getCause()).isSameAs(cause);
        assertThat(Failures.translate(new IllegalArgumentException("boom"), "Commit").getMessage())
                .isEqualTo("Commit: unexpected IllegalArgumentException: boom");
    }

    @Test
    void aSluiceFailurePassesThroughUnchanged() {
        LoadFailure load = new LoadFailure("rolled back");
        ConfigurationFailure config = new ConfigurationFailure("bad");

        assertThat(Failures.translate(load, "Commit")).isSameAs(load);
        assertThat(Failures.translate(config, "Plan")).isSameAs(config);
    }
}
