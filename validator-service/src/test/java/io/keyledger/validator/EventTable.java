package io.keyledger.validator;

import io.keyledger.support.eventstore.EventStoreAutoConfiguration;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.axonframework.serialization.Serializer;

/**
 * The JDBC event store's table as Hibernate lays out Axon's {@code DomainEventEntry}, written
 * with plain JDBC: for stores that hold events before the service starts (tests, the cold-start
 * fixture).
 */
public final class EventTable {

    /** The services' event serializer (service-support). */
    public static final Serializer SERIALIZER = new EventStoreAutoConfiguration().serializer();

    public static final String INSERT = "insert into domain_event_entry (global_index, event_identifier, meta_data,"
            + " payload, payload_revision, payload_type, time_stamp, aggregate_identifier, sequence_number, type)"
            + " values (?, ?, ?, ?, null, ?, ?, ?, 0, ?)";

    private static final byte[] NO_META_DATA = "{}".getBytes(StandardCharsets.UTF_8);

    private EventTable() {
    }

    /** The table, and its sequence starting at {@code firstIndex} (Hibernate's pooled ids, 50 at a time). */
    public static void create(Connection db, long firstIndex) throws SQLException {
        // the column types Hibernate gives Axon's entity: blob on H2, bytea on PostgreSQL (service-support's dialect)
        String blob = db.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres") ? "bytea" : "blob";
        try (Statement ddl = db.createStatement()) {
            ddl.execute("create table domain_event_entry (global_index bigint not null, event_identifier varchar(255) not null,"
                    + " meta_data " + blob + ", payload " + blob + " not null, payload_revision varchar(255), payload_type varchar(255) not null,"
                    + " time_stamp varchar(255) not null, aggregate_identifier varchar(255) not null, sequence_number bigint not null,"
                    + " type varchar(255), primary key (global_index),"
                    + " constraint uk_event_identifier unique (event_identifier),"
                    + " constraint uk_aggregate_sequence unique (aggregate_identifier, sequence_number))");
            ddl.execute("create sequence domain_event_entry_seq start with " + firstIndex + " increment by 50");
        }
    }

    /** Sets the parameters of {@link #INSERT} for one event, first of its aggregate. */
    public static void bind(PreparedStatement insert, long index, String timestamp, String aggregateId, String aggregateType,
                            String payloadType, byte[] payload) throws SQLException {
        insert.setLong(1, index);
        insert.setString(2, UUID.randomUUID().toString());
        insert.setBytes(3, NO_META_DATA);
        insert.setBytes(4, payload);
        insert.setString(5, payloadType);
        insert.setString(6, timestamp);
        insert.setString(7, aggregateId);
        insert.setString(8, aggregateType);
    }

    /** Inserts one event serialized as the services serialize it. */
    public static void insert(Connection db, long index, String timestamp, String aggregateId, Object event)
            throws SQLException {
        insert(db, index, timestamp, aggregateId, event.getClass().getName(),
                SERIALIZER.serialize(event, byte[].class).getData());
    }

    public static void insert(Connection db, long index, String timestamp, String aggregateId, String payloadType,
                              byte[] payload) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(INSERT)) {
            bind(insert, index, timestamp, aggregateId, "Test", payloadType, payload);
            insert.executeUpdate();
        }
    }
}
