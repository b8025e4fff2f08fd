package dev.sluice.core.state;

import dev.sluice.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.lake.ForwardingObjectStore;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.source.TableRef;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseStoreTest {

    private static final TableRef ORDERS = new TableRef("sales", "orders");
    private static final Duration TTL = Duration.ofMinutes(30);
    private final InMemoryObjectStore memory = new InMemoryObjectStore();
    private final LakeLayout layout = new LakeLayout("lake", "raw", "_sluice");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:00:00Z"));
    private final LeaseStore leases = new LeaseStore(memory, layout, clock);

    @Test
    void aSecondRunIsRefusedWithTheHoldersRunIdAndExpiry() {
        Lease.Held held = leases.acquire("erp", ORDERS, "r1", "exec-1", TTL);

        assertThat(held.lease().expiresAt()).isEqualTo(Instant.parse("2026-01-02T03:30:00Z"));
        clock.advance(Duration.ofMinutes(29));
        assertThatThrownBy(() -> leases.acquire("erp", ORDERS, "r2", "exec-2", TTL))
                .isInstanceOf(LeaseHeldException.class)
                .hasMessageContaining("r1").hasMessageContaining("2026-01-02T03:30:00Z")
                .satisfies(e -> assertThat(((LeaseHeldException) e).holderRunId()).isEqualTo("r1"));
        assertThat(leases.read("erp", ORDERS).orElseThrow().lease().runId()).isEqualTo("r1");
    }

    @Test
    void anExpiredLeaseIsTakenOverAndTheOldHolderCanNeitherRenewNorRelease() {
        leases.acquire("erp", ORDERS, "r1", "exec-1", TTL);
        clock.advance(TTL);

        Lease.Held taken = leases.acquire("erp", ORDERS, "r2", "exec-2", TTL);

        assertThat(taken.lease().runId()).isEqualTo("r2");
        assertThat(taken.lease().acquiredAt()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> leases.renew("erp", ORDERS, "r1", "exec-1", TTL))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("held by run r2");
        assertThat(leases.release("erp", ORDERS, "r1", "exec-1")).isEqualTo(LeaseStore.Release.NOT_HELD);
        assertThat(leases.read("erp", ORDERS).orElseThrow().lease().runId()).isEqualTo("r2");
    }

    @Test
    void ofTwoContendersForAnExpiredLeaseOnlyOneWins() {
        leases.acquire("erp", ORDERS, "r1", "exec-1", TTL);
        clock.advance(TTL.plusSeconds(1));
        // r3 takes the expired lease between r2's read and r2's conditional write.
        ObjectStore racing = new ForwardingObjectStore(memory) {
            private boolean raced;

            @Override
            public PutResult putIfMatch(String key, byte[] body, String contentType, String expectedEtag) {
                if (!raced) {
                    raced = true;
                    leases.acquire("erp", ORDERS, "r3", "exec-3", TTL);
                }
                return super.putIfMatch(key, body, contentType, expectedEtag);
            }
        };

        assertThatThrownBy(() -> new LeaseStore(racing, layout, clock).acquire("erp", ORDERS, "r2", "exec-2", TTL))
                .isInstanceOf(LeaseHeldException.class).hasMessageContaining("r3");
        assertThat(leases.read("erp", ORDERS).orElseThrow().lease().runId()).isEqualTo("r3");
    }

    @Test
    void renewExtendsAndTheSameExecutionReEntersItsLease() {
        Lease.Held first = leases.acquire("erp", ORDERS, "r1", "exec-1", TTL);
        clock.advance(Duration.ofMinutes(20));

        Lease.Held renewed = leases.renew("erp", ORDERS, "r1", "exec-1", TTL);
        clock.advance(Duration.ofMinutes(20));
        Lease.Held reentered = leases.acquire("erp", ORDERS, "r1", "exec-1", TTL);

        assertThat(renewed.lease().expiresAt()).isEqualTo(Instant.parse("2026-01-02T03:50:00Z"));
        assertThat(renewed.etag()).isNotEqualTo(first.etag());
        assertThat(reentered.lease().acquiredAt()).isEqualTo(first.lease().acquiredAt());
        assertThat(reentered.lease().expiresAt()).isEqualTo(Instant.parse("2026-01-02T04:10:00Z"));
        assertThatThrownBy(() -> leases.acquire("erp", ORDERS, "r1", "another-execution", TTL))
                .isInstanceOf(LeaseHeldException.class);
    }

    @Test
    void releaseMarksTheLeaseFreeIsIdempotentAndLetsTheNextRunIn() {
        leases.acquire("erp", ORDERS, "r1", "exec-1", TTL);

        assertThat(leases.release("erp", ORDERS, "r1", "exec-1")).isEqualTo(LeaseStore.Release.RELEASED);
        assertThat(leases.release("erp", ORDERS, "r1", "exec-1")).isEqualTo(LeaseStore.Release.ALREADY_RELEASED);
        assertThat(leases.read("erp", ORDERS).orElseThrow().lease().released()).isTrue();
        assertThatThrownBy(() -> leases.renew("erp", ORDERS, "r1", "exec-1", TTL))
                .isInstanceOf(LeaseLostException.class);

        Lease.Held next = leases.acquire("erp", ORDERS, "r2", "exec-2", TTL);
        assertThat(next.lease().released()).isFalse();
        assertThat(next.lease().runId()).isEqualTo("r2");
    }

    @Test
    void theSameExecutionReEnteringWithAnotherRunMovesTheLeaseToThatRun() {
        Lease.Held planning = leases.acquire("erp", ORDERS, "planning", "exec-1", TTL);
        clock.advance(Duration.ofMinutes(5));

        Lease.Held planned = leases.acquire("erp", ORDERS, "r1", "exec-1", TTL);

        assertThat(planned.lease().runId()).isEqualTo("r1");
        assertThat(planned.lease().acquiredAt()).isEqualTo(planning.lease().acquiredAt());
        assertThat(planned.lease().expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(leases.release("erp", ORDERS, "planning", "exec-1")).isEqualTo(LeaseStore.Release.NOT_HELD);
        assertThatThrownBy(() -> leases.acquire("erp", ORDERS, "r1", "exec-2", TTL))
                .isInstanceOf(LeaseHeldException.class).hasMessageContaining("r1");
    }

    @Test
    void aNonPositiveDurationIsRejected() {
        assertThatThrownBy(() -> leases.acquire("erp", ORDERS, "r1", "exec-1", Duration.ZERO))
                .hasMessageContaining("sales.orders");
    }
}
