package io.keyledger.query.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Axon's {@code domain_event_entry} table as the JPA engine lays it out, filled by batched JDBC
 * inserts: the audit index test and the export benchmark write events without a command side.
 */
final class EventTable implements AutoCloseable {

    static final String DDL = "CREATE TABLE IF NOT EXISTS domain_event_entry ("
            + "global_index BIGINT AUTO_INCREMENT PRIMARY KEY, event_identifier VARCHAR(255) NOT NULL UNIQUE,"
            + " meta_data BLOB, payload BLOB NOT NULL, payload_revision VARCHAR(255),"
            + " payload_type VARCHAR(255) NOT NULL, time_stamp VARCHAR(255) NOT NULL,"
            + " aggregate_identifier VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, type VARCHAR(255),"
            + " CONSTRAINT uk_aggregate_sequence UNIQUE (aggregate_identifier, sequence_number))";
    private static final String INSERT = "INSERT INTO domain_event_entry (event_identifier, meta_data, payload,"
            + " payload_revision, payload_type, time_stamp, aggregate_identifier, sequence_number, type)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ApiKey')";

    private final Connection connection;
    private final Serializer serializer;
    private final PreparedStatement insert;
    private int pending;

    EventTable(Connection connection, Serializer serializer) throws SQLException {
        this.connection = connection;
        this.serializer = serializer;
        try (Statement ddl = connection.createStatement()) {
            ddl.execute(DDL);
        }
        connection.setAutoCommit(false);
        this.insert = connection.prepareStatement(INSERT);
    }

    /** Adds one event to the current batch; batches of 1,000 are sent and committed. */
    void add(String keyId, long sequence, Object payload, MetaData meta, Instant at) throws SQLException {
        SerializedObject<byte[]> body = serializer.serialize(payload, byte[].class);
        insert.setString(1, UUID.randomUUID().toString());
        insert.setBytes(2, serializer.serialize(meta, byte[].class).getData());
        insert.setBytes(3, body.getData());
        insert.setString(4, body.getType().getRevision());
        insert.setString(5, body.getType().getName());
        insert.setString(6, DateTimeUtils.formatInstant(at));
        insert.setString(7, keyId);
        insert.setLong(8, sequence);
        insert.addBatch();
        if (++pending == 1_000) {
            flush();
        }
    }

    void flush() throws SQLException {
        if (pending > 0) {
            insert.executeBatch();
            connection.commit();
            pending = 0;
        }
    }

    @Override
    public void close() throws SQLException {
        flush();
        insert.close();
    }
}
