package io.keyledger.query.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import io.keyledger.api.keys.ApiKeyMetaChangedEvent;
import io.keyledger.query.MongoTestServer;
import io.keyledger.query.projections.MongoWrites;
import java.time.Instant;
import org.axonframework.eventhandling.ReplayStatus;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code meta} in the read model: stored as its text, answered as JSON, replaced, cleared, reset by a rebuild. */
class KeyMetaProjectionTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    final MongoTestServer mongo = new MongoTestServer();
    final MongoCollection<Document> keys = mongo.database.getCollection(KeyDocuments.COLLECTION);
    final KeyProjection projection = new KeyProjection(new MongoWrites(keys, KeyDocuments.SEQUENCE));
    final KeyQueries queries = new KeyQueries(keys);

    @AfterEach
    void close() {
        mongo.close();
    }

    private KeyRecord record() {
        return queries.find("org", "key_1").orElseThrow();
    }

    @Test
    void metaIsSetReplacedAndClearedAndAnsweredAsJson() throws Exception {
        projection.on(KeyProjectionTest.created("key_1"), 0, T0, ReplayStatus.REGULAR);
        assertThat(record().meta()).isNull();
        // keys that Mongo would refuse or read as operators in a sub-document stay text
        projection.on(new ApiKeyMetaChangedEvent("key_1", "org", "{\"$where\":1,\"a.b\":[true]}"), 1, T0);
        assertThat(record().meta()).isEqualTo("{\"$where\":1,\"a.b\":[true]}");
        assertThat(record().version()).isEqualTo(1);
        String json = new ObjectMapper().findAndRegisterModules().writeValueAsString(record());
        assertThat(json).contains("\"meta\":{\"$where\":1,\"a.b\":[true]}");

        projection.on(new ApiKeyMetaChangedEvent("key_1", "org", null), 2, T0);
        assertThat(record().meta()).isNull();
        // a replayed older event changes nothing
        projection.on(new ApiKeyMetaChangedEvent("key_1", "org", "{\"old\":1}"), 1, T0);
        assertThat(record().meta()).isNull();
    }

    @Test
    void aRebuildReplayingTheCreationResetsMetaUntilItsEventComesAgain() {
        projection.on(KeyProjectionTest.created("key_1"), 0, T0, ReplayStatus.REGULAR);
        projection.on(new ApiKeyMetaChangedEvent("key_1", "org", "{\"a\":1}"), 1, T0);
        projection.on(KeyProjectionTest.created("key_1"), 0, T0, ReplayStatus.REPLAY);
        assertThat(record().meta()).isNull();
        projection.on(new ApiKeyMetaChangedEvent("key_1", "org", "{\"a\":1}"), 1, T0);
        assertThat(record().meta()).isEqualTo("{\"a\":1}");
    }

    @Test
    void theMetaEventIsAKeyEventOfItsOrganization() {
        ApiKeyMetaChangedEvent event = new ApiKeyMetaChangedEvent("key_1", "org", "{}");
        assertThat(KeyDocuments.isKeyEvent(event)).isTrue();
        assertThat(KeyDocuments.organizationOf(event)).isEqualTo("org");
    }
}
