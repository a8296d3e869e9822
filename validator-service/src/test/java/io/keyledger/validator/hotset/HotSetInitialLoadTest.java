package io.keyledger.validator.hotset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.Plan;
import io.keyledger.validator.EventTable;
import io.keyledger.validator.TestKeys;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The initial load against the JPA event table in H2, without Spring or Axon's processor
 * ({@link HotSetInitialLoadPostgresTest}: the same on PostgreSQL).
 */
class HotSetInitialLoadTest {

    private static final String OLD = Instant.now().minus(1, ChronoUnit.DAYS).toString();

    private javax.sql.DataSource dataSource;
    private final HotSet hotSet = new HotSet();
    private final TestKeys keys = new TestKeys(3);
    @SuppressWarnings("unchecked")
    private final StreamableMessageSource<TrackedEventMessage<?>> source = mock(StreamableMessageSource.class);
    private final GlobalSequenceTrackingToken tail = new GlobalSequenceTrackingToken(-1);

    @BeforeEach
    void eventStore() throws SQLException {
        dataSource = newEventStore();
        when(source.createTailToken()).thenReturn(tail);
    }

    @Test
    void loadsEveryPageAndHandsTheProcessorTheTokenTheJpaEngineWouldHaveBuilt() throws Exception {
        createTable();
        String first = keys.newKey();
        String second = keys.newKey();
        String third = keys.newKey();
        insert(1, OLD, new OrganizationRegisteredEvent("org-a", "A", Plan.PROFESSIONAL));
        insert(2, OLD, TestKeys.created("k1", "org-a", first, List.of("tasks:read")));
        // an event the hot set has no handler for is skipped without being deserialized
        insert(3, OLD, "io.keyledger.api.keys.ApiKeyExpiryWarningIssuedEvent", "not json");
        // 4 is missing, and stays so: the gap is older than a minute, as Axon's engine drops it
        insert(5, OLD, TestKeys.created("k2", "org-a", second, List.of("tasks:read")));
        insert(6, OLD, new ApiKeyRevokedEvent("k1", "org-a", "leaked"));
        // 7 and 8 are missing just before a recent event: transactions that may still commit
        insert(9, Instant.now().toString(), TestKeys.created("k3", "org-a", third, List.of("tasks:read")));

        HotSetInitialLoad load = new HotSetInitialLoad(EventTable.SERIALIZER, new HotSetProjection(hotSet), hotSet, 2);
        load.start(dataSource);

        assertThat(load.initialToken(source)).isEqualTo(new GapAwareTrackingToken(9, List.of(7L, 8L)));
        assertThat(hotSet.size()).isEqualTo(3);
        assertThat(hotSet.organization("org-a")).isNotNull();
        assertThat(hotSet.findById("k1").status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(hotSet.find(ApiKeyFormat.sha256(second), 0).keyId()).isEqualTo("k2");
        assertThat(hotSet.find(ApiKeyFormat.sha256(third), 0).keyId()).isEqualTo("k3");
        // asked again (the processor was reset and the set cleared): from the first event
        assertThat(load.initialToken(source)).isSameAs(tail);
    }

    @Test
    void anEmptyStoreHandsOverNoTokenSoTheProcessorStartsFromTheFirstEvent() throws Exception {
        createTable();
        HotSetInitialLoad load = new HotSetInitialLoad(EventTable.SERIALIZER, new HotSetProjection(hotSet), hotSet, 2);
        load.start(dataSource);

        assertThat(load.initialToken(source)).isNull();
        assertThat(hotSet.size()).isZero();
    }

    @Test
    void aRowThatCannotBeReadOrAppliedIsSkippedAndCountedAndTheRestIsLoaded() throws Exception {
        createTable();
        String key = keys.newKey();
        String far = keys.newKey();
        insert(1, OLD, new OrganizationRegisteredEvent("org-a", "A", Plan.PROFESSIONAL));
        insert(2, OLD, "io.keyledger.api.keys.ApiKeyCreatedEvent", "{\"keyId\": [");
        // no key id: the handler throws
        insert(3, OLD, "io.keyledger.api.keys.ApiKeyCreatedEvent", "{\"organizationId\":\"org-a\",\"keyHash\":\""
                + "0".repeat(64) + "\"}");
        // far instants are saturated, not thrown (issue 12)
        insert(4, OLD, TestKeys.created("far", "org-a", far, List.of(), null, io.keyledger.api.keys.Restrictions.NONE,
                Instant.parse("+292278995-01-01T00:00:00Z")));
        insert(5, OLD, TestKeys.created("k1", "org-a", key, List.of("tasks:read")));
        HotSetInitialLoad load = new HotSetInitialLoad(EventTable.SERIALIZER, new HotSetProjection(hotSet), hotSet, 10);
        load.start(dataSource);

        assertThat(load.initialToken(source)).isEqualTo(new GapAwareTrackingToken(5, List.of()));
        assertThat(load.skipped()).isEqualTo(2);
        assertThat(hotSet.organization("org-a")).isNotNull();
        assertThat(hotSet.find(ApiKeyFormat.sha256(key), 0).keyId()).isEqualTo("k1");
        assertThat(hotSet.find(ApiKeyFormat.sha256(far), 0).expiresAtMillis()).isEqualTo(KeyEntry.NEVER);
        assertThat(hotSet.size()).isEqualTo(2);
    }

    @Test
    void keysRevokedLongerAgoThanTheRetentionAreNotHeldAfterTheLoad() throws Exception {
        createTable();
        String dead = keys.newKey();
        String recent = keys.newKey();
        String longAgo = Instant.now().minus(40, ChronoUnit.DAYS).toString();
        insert(1, longAgo, TestKeys.created("dead", "org-a", dead, List.of()));
        insert(2, longAgo, new ApiKeyRevokedEvent("dead", "org-a", "leaked"));
        insert(3, longAgo, TestKeys.created("recent", "org-a", recent, List.of()));
        insert(4, OLD, new ApiKeyRevokedEvent("recent", "org-a", null));
        HotSetInitialLoad load = new HotSetInitialLoad(EventTable.SERIALIZER, new HotSetProjection(hotSet), hotSet, 10);
        load.start(dataSource);

        assertThat(load.initialToken(source)).isEqualTo(new GapAwareTrackingToken(4, List.of()));
        assertThat(hotSet.find(ApiKeyFormat.sha256(dead), System.currentTimeMillis())).isNull();
        assertThat(hotSet.find(ApiKeyFormat.sha256(recent), System.currentTimeMillis()).status())
                .isEqualTo(KeyStatus.REVOKED);
        assertThat(hotSet.size()).isEqualTo(1);
    }

    @Test
    void withoutTheTableTheProcessorReplaysFromTheFirstEvent() {
        HotSetInitialLoad load = new HotSetInitialLoad(EventTable.SERIALIZER, new HotSetProjection(hotSet), hotSet, 10);
        load.start(dataSource);

        assertThat(load.initialToken(source)).isSameAs(tail);
    }

    @Test
    void withNoLoadStartedTheProcessorReplaysFromTheFirstEvent() {
        HotSetInitialLoad load = new HotSetInitialLoad(EventTable.SERIALIZER, new HotSetProjection(hotSet), hotSet, 10);

        assertThat(load.initialToken(source)).isSameAs(tail);
    }

    /** An empty database for one test. */
    javax.sql.DataSource newEventStore() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:initial-load-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    private void createTable() throws SQLException {
        try (Connection db = dataSource.getConnection()) {
            EventTable.create(db, 1_000);
        }
    }

    private void insert(long index, String timestamp, Object event) throws SQLException {
        try (Connection db = dataSource.getConnection()) {
            EventTable.insert(db, index, timestamp, "aggregate-" + index, event);
        }
    }

    private void insert(long index, String timestamp, String type, String payload) throws SQLException {
        try (Connection db = dataSource.getConnection()) {
            EventTable.insert(db, index, timestamp, "aggregate-" + index, type, payload.getBytes(StandardCharsets.UTF_8));
        }
    }
}
