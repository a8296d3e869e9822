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

    @Test
    void searchMatchesPrefixStartOrNameAnywhereIgnoringCaseAndTakesRegexCharactersLiterally() {
        projection.on(KeyProjectionTest.created("key_a"), 0, T0, ReplayStatus.REGULAR);
        projection.on(KeyProjectionTest.created("key_b"), 0, T0.plusMillis(1), ReplayStatus.REGULAR);
        projection.on(KeyProjectionTest.created("key_c"), 0, T0.plusMillis(2), ReplayStatus.REGULAR);
        keys.updateOne(new Document("_id", "key_a"), new Document("$set", new Document("name", "Billing (prod)").append("prefix", "kl_live_aaaa")));
        keys.updateOne(new Document("_id", "key_b"), new Document("$set", new Document("name", "reports").append("prefix", "kl_live_bbbb")));
        keys.updateOne(new Document("_id", "key_c"), new Document("$set", new Document("name", "billing export").append("prefix", "kl_test_cccc")));

        assertThat(search("BILLING")).containsExactly("key_c", "key_a");
        assertThat(search("kl_live_b")).containsExactly("key_b");
        assertThat(search("(prod)")).containsExactly("key_a");
        assertThat(search(".*")).isEmpty();
        assertThat(search("aaaa")).isEmpty(); // a prefix matches from its start only
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> search("x".repeat(101)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("q must be at most 100");
    }

    private List<String> search(String q) {
        return queries.list("org", new KeyQueries.Filter(null, null, null, q), 10, null).data().stream()
                .map(KeyRecord::id).toList();
    }
}
