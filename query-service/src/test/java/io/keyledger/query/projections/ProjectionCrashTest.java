package io.keyledger.query.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.query.QueryServiceApplication;
import io.keyledger.query.keys.KeyDocuments;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * FINDINGS 17: a key whose creation, rename and revocation are in the event store was missing
 * from the read model after a {@code kill -9} of query-service, for good. The service as it runs
 * (tracking processors, the H2 event store, tokens and documents in the MongoDB wire server);
 * the process dying in the middle of a batch is played by a handler interceptor that fails the
 * batch once, before the key's creation reaches the projection. Whatever the processor wrote to
 * Mongo by then is what a restarted process would find.
 */
@SpringBootTest(classes = QueryServiceApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:projection-crash;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "keyledger.event-store.fetch-delay=10ms",
})
@EmbeddedKafka(kraft = true, partitions = 1, brokerProperties = {
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1",
})
@Import(ProjectionCrashTest.DyingOnce.class)
class ProjectionCrashTest {

    static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();
    static final String CRASH_KEY = "key-crash";
    static final AtomicBoolean CRASHED = new AtomicBoolean();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        registry.add("spring.data.mongodb.uri", () -> "mongodb://localhost:" + MONGO_ADDRESS.getPort() + "/keyledger");
        registry.add("keyledger.streams.state-dir", Files.createTempDirectory("crash-streams")::toString);
    }

    @AfterAll
    static void stopMongo() {
        MONGO.shutdownNow();
    }

    @TestConfiguration
    static class DyingOnce {

        /** The first time the key's creation is about to be projected, the batch dies. */
        @Bean
        ConfigurerModule dieInTheMiddleOfABatch() {
            return configurer -> configurer.eventProcessing().registerHandlerInterceptor(Projections.KEYS,
                    c -> (unitOfWork, chain) -> {
                        if (unitOfWork.getMessage().getPayload() instanceof ApiKeyCreatedEvent e
                                && e.keyId().equals(CRASH_KEY) && CRASHED.compareAndSet(false, true)) {
                            throw new IllegalStateException("the process dies here");
                        }
                        return chain.proceed();
                    });
        }
    }

    @Autowired
    EventStore eventStore;
    @Autowired
    MongoTemplate mongo;

    @Test
    void aBatchCutShortIsProjectedAgainNotSkipped() {
        List<EventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(event("key-before-" + i, 0, created("key-before-" + i)));
        }
        events.add(event(CRASH_KEY, 0, created(CRASH_KEY)));
        events.add(event(CRASH_KEY, 1, new ApiKeyUpdatedEvent(CRASH_KEY, "org", Set.of("name"), "renamed", null,
                List.of("tasks:read"), RateLimit.NONE, Restrictions.NONE, null)));
        events.add(event(CRASH_KEY, 2, new ApiKeyRevokedEvent(CRASH_KEY, "org", "load")));
        for (int i = 0; i < 20; i++) {
            events.add(event("key-after-" + i, 0, created("key-after-" + i)));
        }
        eventStore.publish(events);

        MongoCollection<Document> keys = mongo.getCollection(KeyDocuments.COLLECTION);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(CRASHED).isTrue();
            Document crashed = keys.find(Filters.eq("_id", CRASH_KEY)).first();
            assertThat(crashed).as("the key whose batch died").isNotNull();
            assertThat(crashed.getString("name")).isEqualTo("renamed");
            assertThat(crashed.getString("status")).isEqualTo("REVOKED");
            assertThat(keys.countDocuments()).isEqualTo(41);
        });
    }

    private static EventMessage<?> event(String keyId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("ApiKey", keyId, sequence, payload, MetaData.with("actor", "system"));
    }

    private static ApiKeyCreatedEvent created(String keyId) {
        return new ApiKeyCreatedEvent(keyId, "org", "key " + keyId, null, new Owner(OwnerType.APPLICATION, "app"),
                Environment.LIVE, "ab".repeat(32), "kl_live_AbCd", List.of("tasks:read"), RateLimit.NONE,
                Restrictions.NONE, null, false);
    }
}
