package io.keyledger.query.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.credits.ApiKeyCreditLeaseEndedEvent;
import io.keyledger.api.credits.ApiKeyCreditLeaseEndedEvent.End;
import io.keyledger.api.credits.ApiKeyCreditsChangedEvent;
import io.keyledger.api.credits.ApiKeyCreditsLeasedEvent;
import io.keyledger.api.credits.CreditChange;
import io.keyledger.api.credits.CreditRefill;
import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.Environment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The credits block of the key record, folded from the credit events as the projection and /state?at= fold them. */
class KeyCreditsDocumentTest {

    private static final Instant T = Instant.now();
    private static final CreditRefill DAILY = new CreditRefill(CreditRefill.Interval.DAILY, 1000L, null);

    private static List<Object> events() {
        return List.of(
                new ApiKeyCreatedEvent("key_1", "org", "metered", null, null, Environment.LIVE, "a".repeat(64),
                        "kl_live_AbCd", List.of(), null, null, null, false),
                new ApiKeyCreditsChangedEvent("key_1", "org", CreditChange.CONFIGURED, 1000, 1000L, DAILY,
                        T.plusSeconds(3600), 1),
                new ApiKeyCreditsLeasedEvent("key_1", "org", "l1", "v1", 250, 750, T.plusSeconds(30), 1, 250),
                new ApiKeyCreditsLeasedEvent("key_1", "org", "l2", "v2", 187, 563, T.plusSeconds(30), 1, 437),
                new ApiKeyCreditLeaseEndedEvent("key_1", "org", "l1", End.RETURNED, 50, 200, 613L, 187, 200, 200),
                new ApiKeyCreditsChangedEvent("key_1", "org", CreditChange.ADDED, 10, 623L, DAILY, T.plusSeconds(3600), 1));
    }

    private static Document fold(List<Object> events) {
        Document doc = new Document("_id", "key_1");
        long sequence = 0;
        for (Object event : events) {
            assertThat(KeyDocuments.isKeyEvent(event)).isTrue();
            doc.putAll(KeyDocuments.changes(event, sequence++, T));
        }
        return doc;
    }

    @Test
    void remainingIsTheBalancePlusWhatValidatorsHoldAndSpentAddsUpEndedLeases() {
        KeyRecord.Credits credits = KeyDocuments.credits(fold(events()), T);

        assertThat(credits.remaining()).isEqualTo(623 + 187);
        assertThat(credits.leased()).isEqualTo(187);
        assertThat(credits.spentToday()).isEqualTo(200);
        assertThat(credits.spentThisMonth()).isEqualTo(200);
        assertThat(credits.refill()).isEqualTo(DAILY);
        // given 1000 + 10 added: remaining + spent is all of it
        assertThat(credits.remaining() + credits.spentToday()).isEqualTo(1010);
    }

    @Test
    void theLastEventOfEachTypeLeavesTheSameCreditsAsAllOfThem() {
        List<Object> all = events();
        Map<Class<?>, Integer> last = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            last.put(all.get(i).getClass(), i);
        }
        List<Object> deciding = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (last.get(all.get(i).getClass()) == i) {
                deciding.add(all.get(i));
            }
        }
        assertThat(KeyDocuments.credits(fold(deciding), T)).isEqualTo(KeyDocuments.credits(fold(all), T));
    }

    @Test
    void spentCountsOfAnEarlierDayAreZeroAndAKeyWithoutCreditsHasNone() {
        assertThat(KeyDocuments.credits(fold(events()), T.plusSeconds(86_400 * 40)).spentToday()).isZero();
        assertThat(KeyDocuments.credits(fold(events()), T.plusSeconds(86_400 * 40)).spentThisMonth()).isZero();
        assertThat(KeyDocuments.credits(fold(events().subList(0, 1)), T)).isNull();
        Document removed = fold(List.of(events().get(0), events().get(1),
                new ApiKeyCreditsChangedEvent("key_1", "org", CreditChange.REMOVED, 0, null, null, null, 2)));
        assertThat(KeyDocuments.toRecord(removed).credits()).isNull();
    }
}
