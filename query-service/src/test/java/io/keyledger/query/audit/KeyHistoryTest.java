package io.keyledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyExpiryWarningIssuedEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.query.keys.KeyDocuments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The point-in-time replay's shortcut: the last event of each type decides the whole document. */
class KeyHistoryTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void replayingTheLastEventOfEachTypeLeavesTheDocumentOfTheWholeHistory() {
        Random random = new Random(42);
        List<IntFunction<Object>> kinds = List.of(
                i -> new ApiKeyUpdatedEvent("k", "org", Set.of("name"), "name " + i, i % 3 == 0 ? null : "d" + i,
                        List.of("p" + i % 4 + ":read"), new RateLimit(i % 5, null, i, null, null),
                        new Restrictions(List.of("10.0." + i % 7 + ".0/24"), List.of()), i % 2 == 0 ? null : T0.plusSeconds(i)),
                i -> new ApiKeyRotatedEvent("k", "org", "h" + i, "kl_live_" + i, "p" + i, T0.plusSeconds(i)),
                i -> new ApiKeyPreviousSecretRetiredEvent("k", "org", "p" + i),
                i -> new ApiKeyDisabledEvent("k", "org"),
                i -> new ApiKeyEnabledEvent("k", "org"),
                i -> new ApiKeyExpiryWarningIssuedEvent("k", "org", T0.plusSeconds(i)),
                i -> new ApiKeyRevokedEvent("k", "org", "r" + i),
                i -> new ApiKeyExpiredEvent("k", "org", T0.plusSeconds(i)),
                // a renewal sets the expiry like an update does: the later of the two decides
                i -> new io.keyledger.api.keys.ApiKeyRenewedEvent("k", "org", T0, T0.plusSeconds(1000 + i), 30),
                i -> new ApiKeyUpdatedEvent("k", "org", Set.of("auto_renew"), "name", null, List.of(), RateLimit.NONE,
                        Restrictions.NONE, T0.plusSeconds(i), i % 2 == 0 ? null : new io.keyledger.api.keys.AutoRenew(i, null)));
        for (int history = 0; history < 200; history++) {
            List<Object> events = new ArrayList<>();
            events.add(new ApiKeyCreatedEvent("k", "org", "first", null, new Owner(OwnerType.USER, "u"), Environment.TEST,
                    "h", "kl_test_AbCd", List.of("a:read"), RateLimit.NONE, Restrictions.NONE, null, false));
            int length = 1 + random.nextInt(40);
            for (int i = 1; i < length; i++) {
                events.add(kinds.get(random.nextInt(kinds.size())).apply(i));
            }
            List<LocalKeyEvents.Header> headers = new ArrayList<>();
            Document whole = new Document("_id", "k");
            for (int i = 0; i < events.size(); i++) {
                Instant at = T0.plusSeconds(i);
                headers.add(new LocalKeyEvents.Header(i, at.toString(), events.get(i).getClass().getName()));
                whole.putAll(KeyDocuments.changes(events.get(i), i, at));
            }

            List<LocalKeyEvents.Header> deciding = KeyHistory.deciding(headers);
            Document replayed = new Document("_id", "k");
            for (LocalKeyEvents.Header h : deciding) {
                replayed.putAll(KeyDocuments.changes(events.get((int) h.sequence()), h.sequence(), h.timestamp()));
            }

            assertThat(replayed).as("history %s", events).isEqualTo(whole);
            assertThat(deciding.size()).isLessThanOrEqualTo(10);
            assertThat(deciding.get(0).sequence()).isZero();
        }
    }
}
