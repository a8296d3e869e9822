package io.keyledger.validator.hotset;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * The hot set's first load at start, read straight from the JDBC event store's table (Axon's
 * JPA {@code domain_event_entry}) in large pages on a thread of its own, started as soon as the
 * event store's {@link DataSource} exists ({@link Starter}): the load runs while Spring goes on
 * starting (JPA, Axon, the web servers). Each row's payload is deserialized with the event serializer and
 * given to the same {@link HotSetProjection} handler the processor would call; rows of events
 * the projection has no handler for are not even deserialized. The tracking processor then
 * starts from the position this load reached ({@link #initialToken}), with the token Axon's
 * JPA storage engine would have built over the same rows — gaps of the last minute included,
 * so events still in flight in other writers' transactions arrive through the processor.
 *
 * <p>A replay through the processor costs a unit of work, interceptors, correlation data and
 * Hibernate row mapping per event, and the stream's timestamps parsed for every event (README,
 * cold start); this load parses a timestamp only where the indexes jump. If the load fails
 * (no table yet, say), the set is cleared and the processor replays the stream from the first
 * event as before. For the JDBC event stores keyledger runs on, H2 and PostgreSQL (a {@code bytea}
 * payload, see service-support's {@code ByteaPostgreSQLDialect}): with Axon Server, or another
 * database, the processor replays.
 */
final class HotSetInitialLoad {

    private static final Logger log = LoggerFactory.getLogger(HotSetInitialLoad.class);

    // the defaults of Axon's JpaEventStorageEngine, which the event store keeps (service-support):
    // the processor continues with this token on that engine
    private static final int MAX_GAP_OFFSET = 10_000;
    private static final long LOWEST_GLOBAL_SEQUENCE = 1;
    private static final Duration GAP_TIMEOUT = Duration.ofMinutes(1);

    // the payload as VARBINARY, not the BLOB it is stored as: over H2's TCP protocol (the local stack's
    // event store) a BLOB in a result is a reference, read with one more round trip per row, which took
    // the H2 server three times the CPU of the whole query
    private static final String PAGE = "SELECT global_index, payload_type, payload_revision, CAST(payload AS VARBINARY),"
            + " time_stamp, aggregate_identifier FROM domain_event_entry WHERE global_index > ? ORDER BY global_index";
    // PostgreSQL (keyledger.event-store=postgres): the payload is bytea already (service-support's dialect), read in place
    private static final String PAGE_POSTGRES = "SELECT global_index, payload_type, payload_revision, payload,"
            + " time_stamp, aggregate_identifier FROM domain_event_entry WHERE global_index > ? ORDER BY global_index";

    private final Serializer serializer;
    private final HotSetProjection projection;
    private final HotSet hotSet;
    private final int pageSize;
    /** Payload type → the projection's handler of it. */
    private final Map<String, Method> handlers = new HashMap<>();
    private final CompletableFuture<GapAwareTrackingToken> position = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean handedOver = new AtomicBoolean();
    private final LongAdder skipped = new LongAdder();

    HotSetInitialLoad(Serializer serializer, HotSetProjection projection, HotSet hotSet, int pageSize) {
        this.serializer = serializer;
        this.projection = projection;
        this.hotSet = hotSet;
        this.pageSize = pageSize;
        for (Method method : HotSetProjection.class.getDeclaredMethods()) {
            if (method.isAnnotationPresent(EventHandler.class)) {
                handlers.put(method.getParameterTypes()[0].getName(), method);
            }
        }
    }

    void start(DataSource dataSource) {
        if (started.getAndSet(true)) {
            return;
        }
        Thread loader = new Thread(() -> {
            try {
                position.complete(load(dataSource));
            } catch (Throwable e) {
                position.completeExceptionally(e);
            }
        }, "hot-set-initial-load");
        loader.setDaemon(true);
        loader.start();
    }

    /**
     * The hot-set processor's initial token: waits for the load and continues where it ended
     * ({@code null} for an empty store: from the first event). Asked again (a reset of the
     * processor, which clears the set), or with no load started, the processor starts from the
     * first event.
     */
    TrackingToken initialToken(StreamableMessageSource<TrackedEventMessage<?>> source) {
        if (handedOver.getAndSet(true) || !started.get()) {
            return source.createTailToken();
        }
        try {
            return position.join();
        } catch (CompletionException e) {
            log.warn("Hot set: the initial load failed ({}); the processor replays the event stream instead",
                    e.getCause().toString());
            hotSet.clear();
            return source.createTailToken();
        }
    }

    private GapAwareTrackingToken load(DataSource dataSource) throws SQLException {
        long started = System.nanoTime();
        long cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long events = 0;
        GapAwareTrackingToken token = null;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement page = connection.prepareStatement(isPostgres(connection) ? PAGE_POSTGRES : PAGE)) {
            page.setMaxRows(pageSize);
            page.setFetchSize(Math.min(pageSize, 1_000));
            int rows;
            do {
                page.setLong(1, token == null ? -1 : token.getIndex());
                rows = 0;
                try (ResultSet row = page.executeQuery()) {
                    while (row.next()) {
                        rows++;
                        token = advance(token, row);
                        apply(row);
                    }
                }
                events += rows;
            } while (rows == pageSize);
        }
        log.info("Hot set: {} events loaded in {} ms ({} ms CPU, {} keys, {} events skipped); the processor continues"
                        + " from {}", events, (System.nanoTime() - started) / 1_000_000,
                (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted) / 1_000_000,
                hotSet.size(), skipped.sum(), token);
        return token;
    }

    private static boolean isPostgres(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }

    /** The token after this row, as {@code JpaEventStorageEngine.fetchTrackedEvents} builds it. */
    private static GapAwareTrackingToken advance(GapAwareTrackingToken token, ResultSet row) throws SQLException {
        long index = row.getLong(1);
        if (token == null) {
            return GapAwareTrackingToken.newInstance(index, index > LOWEST_GLOBAL_SEQUENCE && recent(row)
                    ? LongStream.range(LOWEST_GLOBAL_SEQUENCE, index).boxed().collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        }
        // without gaps, old and new, the event's age changes nothing: no timestamp to parse
        boolean contiguous = !token.hasGaps() && index == token.getIndex() + 1;
        return token.advanceTo(index, contiguous || recent(row) ? MAX_GAP_OFFSET : 0);
    }

    /** Whether the row's event is young enough for the gaps before it to be kept. */
    private static boolean recent(ResultSet row) throws SQLException {
        return DateTimeUtils.parseInstant(row.getString(5)).isAfter(GenericEventMessage.clock.instant().minus(GAP_TIMEOUT));
    }

    /** Rows skipped because their event could not be read or applied. */
    long skipped() {
        return skipped.sum();
    }

    /**
     * Gives the row's event to its handler. A row that cannot be read or applied (a poison event
     * written past validation) is skipped, counted and logged with its aggregate (the key id), so
     * one bad row does not keep the validator from starting; neither payload nor exception text,
     * which may quote it, is logged.
     */
    private void apply(ResultSet row) throws SQLException {
        String type = row.getString(2);
        Method handler = handlers.get(type);
        if (handler == null) {
            return;
        }
        try {
            Object event = serializer.deserialize(new SimpleSerializedObject<>(row.getBytes(4), byte[].class, type,
                    row.getString(3)));
            if (handler.getParameterCount() == 2) {
                handler.invoke(projection, event, DateTimeUtils.parseInstant(row.getString(5)));
            } else {
                handler.invoke(projection, event);
            }
        } catch (SQLException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            skipped.increment();
            Throwable cause = e instanceof InvocationTargetException target ? target.getCause() : e;
            log.warn("Hot set: skipped event {} ({}) of aggregate {} in the initial load: {}", row.getLong(1),
                    type.substring(type.lastIndexOf('.') + 1), row.getString(6), cause.getClass().getSimpleName());
        }
    }

    /**
     * Starts the load when the event store's {@link DataSource} has been made, long before the
     * application's own beans are (Spring makes the data source, and JPA on it, for the web
     * server's filters); H2 and PostgreSQL only. Runs after {@link H2LazyResults}, which must see the pool first.
     */
    static final class Starter implements BeanPostProcessor {

        private final ObjectProvider<HotSetInitialLoad> load;

        Starter(ObjectProvider<HotSetInitialLoad> load) {
            this.load = load;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                    && (pool.getJdbcUrl().startsWith("jdbc:h2:") || pool.getJdbcUrl().startsWith("jdbc:postgresql:"))) {
                load.getObject().start(pool);
            }
            return bean;
        }
    }
}
