package io.keyledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuditIndexProgressTest {

    @Test
    void anIndexAtOrPastTheHeadAnswersAtOnce() {
        new AuditIndexProgress(() -> 41, () -> 41, Duration.ZERO).await();
        new AuditIndexProgress(() -> -1, () -> -1, Duration.ZERO).await();
    }

    @Test
    void anIndexThatCatchesUpWithinTheWaitLetsTheExportGoOn() {
        AtomicLong indexed = new AtomicLong(10);
        // each look finds the index one event further; the head read at the start is the target
        new AuditIndexProgress(() -> 13, indexed::getAndIncrement, Duration.ofMinutes(5)).await();
        assertThat(indexed.get()).isEqualTo(14);
    }

    @Test
    void anIndexStillBehindAfterTheWaitIsA503WithRetryAfter() {
        assertThatThrownBy(() -> new AuditIndexProgress(() -> 100, () -> 99, Duration.ZERO).await())
                .isInstanceOfSatisfying(AuditIndexProgress.IndexBehindException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("1");
                    assertThat(e.getBody().getDetail()).contains("audit index");
                });
        assertThatThrownBy(() -> new AuditIndexProgress(() -> 100, () -> Long.MIN_VALUE, Duration.ofSeconds(0)).await())
                .isInstanceOf(AuditIndexProgress.IndexBehindException.class);
    }
}
