package io.keyledger.query.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import io.keyledger.query.MongoTestServer;
import io.keyledger.query.projections.MongoWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.ReplayStatus;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The key list's cursor pages against the MongoDB wire server. */
class KeyQueriesTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    final MongoTestServer mongo = new MongoTestServer();
    final MongoCollection<Document> keys = mongo.database.getCollection(KeyDocuments.COLLECTION);
    final KeyProjection projection = new KeyProjection(new MongoWrites(keys, KeyDocuments.SEQUENCE));
    final KeyQueries queries = new KeyQueries(keys);

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void followingTheCursorsListsEveryKeyOnceNewestFirstEvenWithEqualCreationTimes() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // 9 keys created in the same millisecond, the others one or two apart
            Instant at = T0.plusMillis(i < 9 ? 0 : i / 2);
            String id = "key_" + (char) ('a' + (i * 7) % 23);
            projection.on(KeyProjectionTest.created(id), 0, at, ReplayStatus.REGULAR);
            expected.add(id);
        }
        projection.on(KeyProjectionTest.created("other-org-key"), 0, T0, ReplayStatus.REGULAR);
        keys.updateOne(new Document("_id", "other-org-key"), new Document("$set", new Document("organizationId", "other")));

        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            KeyQueries.Page page = queries.list("org", new KeyQueries.Filter(null, null, null), 4, cursor);
            page.data().forEach(k -> listed.add(k.id()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(listed).containsExactlyInAnyOrderElementsOf(expected);
        List<String> newestFirst = new ArrayList<>(listed);
        newestFirst.sort((a, b) -> {
            Instant ca = KeyDocuments.toRecord(keys.find(new Document("_id", a)).first()).createdAt();
            Instant cb = KeyDocuments.toRecord(keys.find(new Document("_id", b)).first()).createdAt();
            return ca.equals(cb) ? b.compareTo(a) : cb.compareTo(ca);
        });
        assertThat(listed).isEqualTo(newestFirst);
    }

    private void key(String id, String name, String prefix, Instant at) {
        projection.on(new io.keyledger.api.keys.ApiKeyCreatedEvent(id, "org", name, null,
                new io.keyledger.api.keys.Owner(io.keyledger.api.keys.OwnerType.USER, "u1"),
                io.keyledger.api.keys.Environment.LIVE, "a".repeat(64), prefix, List.of("tasks:read"),
                io.keyledger.api.keys.RateLimit.NONE, io.keyledger.api.keys.Restrictions.NONE, null, false),
                0, at, ReplayStatus.REGULAR);
    }

    @Test
    void searchMatchesPrefixStartOrTheStartOfTheNameOrOfAWordIgnoringCaseAndTakesRegexCharactersLiterally() {
        key("key_a", "Billing (prod)", "kl_live_aaaa", T0);
        key("key_b", "reports", "kl_live_bbbb", T0.plusMillis(1));
        key("key_c", "billing export", "kl_test_cccc", T0.plusMillis(2));

        assertThat(search("BILLING")).containsExactly("key_c", "key_a");
        assertThat(search("kl_live_b")).containsExactly("key_b");
        assertThat(search("(prod)")).containsExactly("key_a");
        assertThat(search("prod")).containsExactly("key_a");
        assertThat(search("billing e")).containsExactly("key_c");
        assertThat(search("EXP")).containsExactly("key_c");
        assertThat(search(".*")).isEmpty();
        assertThat(search("aaaa")).isEmpty(); // a prefix matches from its start only
        assertThat(search("lling")).isEmpty(); // nor a name from the middle of a word
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> search("x".repeat(101)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("q must be at most 100");
    }

    @Test
    void searchFollowsRenamesAndRotationsAndQueriesLongerThanATerm() {
        String longName = "a very long name of a key that goes on past the length of one search term";
        key("key_l", longName, "kl_live_llll", T0);
        key("key_m", "a very long name of a key that goes on but ends differently", "kl_live_mmmm", T0.plusMillis(1));
        assertThat(search(longName.substring(0, 60))).containsExactly("key_l");
        assertThat(search(longName.substring(0, 20))).containsExactly("key_m", "key_l");

        projection.on(new io.keyledger.api.keys.ApiKeyUpdatedEvent("key_l", "org", java.util.Set.of("name"), "renamed",
                null, List.of(), null, null, null), 1, T0.plusSeconds(1));
        assertThat(search("a very")).containsExactly("key_m");
        assertThat(search("renamed")).containsExactly("key_l");

        projection.on(new io.keyledger.api.keys.ApiKeyRotatedEvent("key_l", "org", "b".repeat(64), "kl_live_ZZzz",
                "a".repeat(64), null), 2, T0.plusSeconds(2));
        assertThat(prefix("kl_live_ZZ")).containsExactly("key_l");
        assertThat(prefix("kl_live_zz")).isEmpty(); // prefix= keeps the case
        assertThat(prefix("kl_live_llll")).isEmpty();
        assertThat(prefix("kl_live_")).containsExactly("key_m", "key_l");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> prefix("k".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix must be at most 64");
    }

    @Test
    void searchStaysWithinTheOrganization() {
        key("key_x", "shared name", "kl_live_xxxx", T0);
        keys.updateOne(new Document("_id", "key_x"), new Document("$set", new Document("organizationId", "other")));
        assertThat(search("shared")).isEmpty();
        assertThat(queries.list("other", new KeyQueries.Filter(null, null, null, "shared"), 10, null).data()).hasSize(1);
    }

    private List<String> prefix(String prefix) {
        return queries.list("org", new KeyQueries.Filter(null, null, null, null, null, prefix), 10, null).data()
                .stream().map(KeyRecord::id).toList();
    }

    private List<String> search(String q) {
        return queries.list("org", new KeyQueries.Filter(null, null, null, q), 10, null).data().stream()
                .map(KeyRecord::id).toList();
    }
}
