package io.keyledger.query.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.BiPredicate;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A key's events read from the local JDBC event store in one streaming query, for the point-in-time
 * replay. Axon's JPA engine pages a key's events 100 at a time, which for a long history is a
 * hundred round trips; this reads Axon's own {@code domain_event_entry} table once, in sequence
 * order, and stops as soon as the caller has seen enough. Used only when the event store is the
 * local JDBC one; with Axon Server the replay reads through {@code EventStore.readEvents}.
 */
class LocalKeyEvents {

    /** Receives each event's sequence, timestamp and payload; returns false to stop reading. */
    interface Visitor extends BiPredicate<Long, Object[]> {
    }

    private static final String QUERY = "SELECT sequence_number, time_stamp, payload_type, payload_revision, payload"
            + " FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    LocalKeyEvents(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** Calls {@code visitor} with {@code (sequence, [timestamp, payload])} until it answers false. */
    void read(String keyId, Visitor visitor) {
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(QUERY);
            statement.setFetchSize(1_000);
            statement.setString(1, keyId);
            return statement;
        }, (ResultSet rs) -> {
            while (rs.next()) {
                if (!visitor.test(rs.getLong(1), new Object[] {Instant.parse(rs.getString(2)), payload(rs)})) {
                    break;
                }
            }
            return null;
        });
    }

    private Object payload(ResultSet rs) throws SQLException {
        SerializedType type = new SimpleSerializedType(rs.getString(3), rs.getString(4));
        return serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(5), byte[].class, type));
    }
}
