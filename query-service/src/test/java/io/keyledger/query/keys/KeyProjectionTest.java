package io.keyledger.query.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.query.MongoTestServer;
import io.keyledger.query.projections.MongoWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The key projection as a plain object against the MongoDB wire server. */
class KeyProjectionTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String HASH = "ab".repeat(32);

    final MongoTestServer mongo = new MongoTestServer();
    final MongoCollection<Document> keys = mongo.database.getCollection(KeyDocuments.COLLECTION);
    final KeyProjection projection = new KeyProjection(new MongoWrites(keys, KeyDocuments.SEQUENCE));

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void theDocumentFollowsTheKeysLifeAndHoldsNoHash() {
        projection.on(created("k1"), 0, T0, ReplayStatus.REGULAR);
        projection.on(new ApiKeyUpdatedEvent("k1", "org", Set.of("name", "permissions"), "renamed", "d",
                List.of("tasks:*"), new RateLimit(5, 10, null, null, null), new Restrictions(List.of("10.0.0.0/8"), List.of()),
                T0.plusSeconds(86_400)), 1, T0.plusSeconds(1));
        projection.on(new ApiKeyRotatedEvent("k1", "org", "cd".repeat(32), "kl_live_NewP", HASH, T0.plusSeconds(60)),
                2, T0.plusSeconds(2));
        projection.on(new ApiKeyDisabledEvent("k1", "org"), 3, T0.plusSeconds(3));

        KeyRecord key = KeyDocuments.toRecord(keys.find(Filters.eq("_id", "k1")).first());
        assertThat(key.name()).isEqualTo("renamed");
        assertThat(key.permissions()).containsExactly("tasks:*");
        assertThat(key.rateLimit()).isEqualTo(new RateLimit(5, 10, null, null, null));
        assertThat(key.restrictions().ipAllowlist()).containsExactly("10.0.0.0/8");
        assertThat(key.prefix()).isEqualTo("kl_live_NewP");
        assertThat(key.previousKeyValidUntil()).isEqualTo(T0.plusSeconds(60));
        assertThat(key.status()).isEqualTo(KeyStatus.DISABLED);
        assertThat(key.disabledAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(key.createdAt()).isEqualTo(T0);
        assertThat(key.version()).isEqualTo(3);
        assertThat(keys.find().first().toJson()).doesNotContain(HASH).doesNotContain("cd".repeat(32));

        projection.on(new ApiKeyEnabledEvent("k1", "org"), 4, T0.plusSeconds(4));
        projection.on(new ApiKeyRevokedEvent("k1", "org", "leaked"), 5, T0.plusSeconds(5));
        key = KeyDocuments.toRecord(keys.find(Filters.eq("_id", "k1")).first());
        assertThat(key.status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(key.disabledAt()).isNull();
        assertThat(key.revocationReason()).isEqualTo("leaked");
    }

    @Test
    void aReplayedOrOlderEventLeavesTheDocumentAsItIs() {
        projection.on(created("k1"), 0, T0, ReplayStatus.REGULAR);
        projection.on(new ApiKeyDisabledEvent("k1", "org"), 1, T0.plusSeconds(1));
        Document before = keys.find().first();

        projection.on(created("k1"), 0, T0, ReplayStatus.REGULAR);
        projection.on(new ApiKeyEnabledEvent("k1", "org"), 1, T0.plusSeconds(9));
        projection.on(new ApiKeyDisabledEvent("k1", "org"), 1, T0.plusSeconds(1));

        assertThat(keys.find().into(new ArrayList<>())).containsExactly(before);
    }

    @Test
    void aRebuildRewritesEveryDocumentFromItsCreationAndKeepsLastUsed() {
        projection.on(created("k1"), 0, T0, ReplayStatus.REGULAR);
        projection.on(new ApiKeyRevokedEvent("k1", "org", "x"), 1, T0.plusSeconds(1));
        keys.updateOne(Filters.eq("_id", "k1"), new Document("$set", new Document("lastUsed", Date.from(T0.plusSeconds(5)))));
        Document before = keys.find().first();
        // a document that says more than its events: a later sequence and a field no event set that way
        keys.updateOne(Filters.eq("_id", "k1"), new Document("$set", new Document("name", "stale").append(KeyDocuments.SEQUENCE, 7L)));

        for (int replay = 0; replay < 2; replay++) {
            // the replay's creation rewrites whatever the document holds, the later events follow it;
            // replaying again (a batch handled twice after a crash) leaves the same document
            projection.on(created("k1"), 0, T0, ReplayStatus.REPLAY);
            KeyRecord recreated = KeyDocuments.toRecord(keys.find().first());
            assertThat(recreated.status()).isEqualTo(KeyStatus.ACTIVE);
            assertThat(recreated.name()).isEqualTo("name k1");
            assertThat(recreated.version()).isZero();
            projection.on(new ApiKeyRevokedEvent("k1", "org", "x"), 1, T0.plusSeconds(1));
            assertThat(keys.find().first()).isEqualTo(before);
        }
    }

    @Test
    void insideABatchTheWritesGoOutTogetherBeforeTheProcessorStoresItsToken() throws Exception {
        // the last event of the batch is one the projection writes nothing for
        List<Message<?>> batch = List.of(
                GenericEventMessage.asEventMessage(created("k1")),
                GenericEventMessage.asEventMessage(created("k2")),
                GenericEventMessage.asEventMessage(new ApiKeyDisabledEvent("k1", "org")),
                GenericEventMessage.asEventMessage("not a key event"));
        List<Long> documentsSeen = new ArrayList<>();
        List<Long> documentsAtTokenStore = new ArrayList<>();
        MessageHandlerInterceptor<EventMessage<?>> batching = MongoWrites.batching();
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork(batch);
        unitOfWork.executeWithResult(() -> {
            if (unitOfWork.isFirstMessage()) {
                // where Axon's tracking processor registers the storing of its token
                unitOfWork.onPrepareCommit(u -> documentsAtTokenStore.add(keys.countDocuments()));
            }
            return batching.handle(unitOfWork, () -> {
                Object payload = unitOfWork.getMessage().getPayload();
                documentsSeen.add(keys.countDocuments());
                if (payload instanceof ApiKeyCreatedEvent e) {
                    projection.on(e, 0, T0, ReplayStatus.REGULAR);
                } else if (payload instanceof ApiKeyDisabledEvent e) {
                    projection.on(e, 1, T0.plusSeconds(1));
                }
                return null;
            });
        });

        assertThat(documentsSeen).containsExactly(0L, 0L, 0L, 0L);
        assertThat(documentsAtTokenStore).containsExactly(2L);
        assertThat(KeyDocuments.toRecord(keys.find(Filters.eq("_id", "k1")).first()).status())
                .isEqualTo(KeyStatus.DISABLED);
    }

    @Test
    void aBatchLeavesTheSameDocumentsAsItsEventsOneByOne() throws Exception {
        List<Message<?>> events = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            String id = "k" + k;
            events.add(GenericEventMessage.asEventMessage(created(id)));
            sequences.add(0L);
            for (int s = 1; s <= k; s++) {
                events.add(GenericEventMessage.asEventMessage(s % 2 == 1
                        ? new ApiKeyDisabledEvent(id, "org")
                        : new ApiKeyUpdatedEvent(id, "org", Set.of("name"), "name " + s, null, List.of("x:" + s),
                                RateLimit.NONE, Restrictions.NONE, null)));
                sequences.add((long) s);
            }
        }
        // a replayed event in the same batch changes nothing
        events.add(GenericEventMessage.asEventMessage(created("k3")));
        sequences.add(0L);
        MongoCollection<Document> oneByOne = mongo.database.getCollection("one-by-one");
        KeyProjection single = new KeyProjection(new MongoWrites(oneByOne, KeyDocuments.SEQUENCE));
        for (int i = 0; i < events.size(); i++) {
            on(single, events.get(i).getPayload(), sequences.get(i));
        }

        MessageHandlerInterceptor<EventMessage<?>> batching = MongoWrites.batching();
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork(events);
        unitOfWork.executeWithResult(() -> batching.handle(unitOfWork, () -> {
            on(projection, unitOfWork.getMessage().getPayload(), sequences.get(events.indexOf(unitOfWork.getMessage())));
            return null;
        }));

        assertThat(keys.find().map(Document::toJson).into(new ArrayList<>()))
                .containsExactlyElementsOf(oneByOne.find().map(Document::toJson).into(new ArrayList<>()));
    }

    private static void on(KeyProjection projection, Object event, long sequence) {
        Instant at = T0.plusSeconds(sequence);
        if (event instanceof ApiKeyCreatedEvent e) {
            projection.on(e, sequence, at, ReplayStatus.REGULAR);
        } else if (event instanceof ApiKeyDisabledEvent e) {
            projection.on(e, sequence, at);
        } else {
            projection.on((ApiKeyUpdatedEvent) event, sequence, at);
        }
    }

    static ApiKeyCreatedEvent created(String keyId) {
        return new ApiKeyCreatedEvent(keyId, "org", "name " + keyId, null, new Owner(OwnerType.USER, "u1"),
                Environment.LIVE, HASH, "kl_live_AbCd", List.of("tasks:read"), RateLimit.NONE, Restrictions.NONE,
                null, false);
    }

    @Test
    void anEventWithAFarFutureExpiryIsAppliedWithTheExpiryClampedNotRefused() {
        Instant far = Instant.parse("+292278995-01-01T00:00:00Z");
        ApiKeyCreatedEvent event = new ApiKeyCreatedEvent("k-far", "org", "far", null, new Owner(OwnerType.USER, "u"),
                Environment.LIVE, HASH, "kl_live_FarP", List.of(), RateLimit.NONE, Restrictions.NONE, far, false);
        projection.on(event, 0, T0, ReplayStatus.REGULAR);
        projection.on(new ApiKeyUpdatedEvent("k-far", "org", Set.of("expires_at"), "far", null, List.of(),
                RateLimit.NONE, Restrictions.NONE, Instant.MAX), 1, T0.plusSeconds(1));
        projection.on(new ApiKeyRotatedEvent("k-far", "org", "cd".repeat(32), "kl_live_NewP", HASH, Instant.MAX),
                2, T0.plusSeconds(2));

        KeyRecord key = KeyDocuments.toRecord(keys.find(Filters.eq("_id", "k-far")).first());
        assertThat(key.expiresAt()).isEqualTo(io.keyledger.query.projections.Dates.MAX);
        assertThat(key.previousKeyValidUntil()).isEqualTo(io.keyledger.query.projections.Dates.MAX);
        assertThat(key.version()).isEqualTo(2);
    }
}
