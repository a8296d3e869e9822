package io.keyledger.query.audit;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A key's events read straight from the local JDBC event store (Axon's {@code domain_event_entry}
 * table), for the point-in-time replay: first the sequence, time and type of each event, in one
 * streaming query that stops at the first event after the instant asked for, then the payloads of
 * only the events the replay needs. Axon's JPA engine pages a key's events 100 at a time and
 * deserializes every one. Used only when the event store is the local JDBC one; with Axon Server
 * the replay reads through {@code EventStore.readEvents}.
 */
class LocalKeyEvents {

    /** An event's place in its key's history, without its payload; its time as stored. */
    record Header(long sequence, String time, String type) {

        Instant timestamp() {
            return Instant.parse(time);
        }
    }

    private static final String HEADERS = "SELECT sequence_number, time_stamp, payload_type"
            + " FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number";
    private static final String PAYLOADS = "SELECT sequence_number, payload_type, payload_revision, payload"
            + " FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number IN (%s)";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    LocalKeyEvents(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /**
     * The key's events with a timestamp at or before {@code at}, oldest first. Axon stores times in
     * one fixed-width format ({@link DateTimeUtils#formatInstant}), in which comparing the text
     * compares the instants: a history of thousands of events is read without parsing one time.
     */
    List<Header> headersUntil(String keyId, Instant at) {
        String bound = DateTimeUtils.formatInstant(at);
        List<Header> headers = new ArrayList<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(HEADERS);
            statement.setFetchSize(1_000);
            statement.setString(1, keyId);
            return statement;
        }, (ResultSet rs) -> {
            while (rs.next()) {
                String time = rs.getString(2);
                if (time.length() == bound.length() ? time.compareTo(bound) > 0 : Instant.parse(time).isAfter(at)) {
                    break;
                }
                headers.add(new Header(rs.getLong(1), time, rs.getString(3)));
            }
            return null;
        });
        return headers;
    }

    /** The payloads of the key's events with these sequence numbers, by sequence number. */
    Map<Long, Object> payloads(String keyId, Collection<Long> sequences) {
        Map<Long, Object> payloads = new HashMap<>();
        jdbc.query(PAYLOADS.formatted(String.join(",", sequences.stream().map(s -> "?").toList())), statement -> {
            statement.setString(1, keyId);
            int i = 2;
            for (long sequence : sequences) {
                statement.setLong(i++, sequence);
            }
        }, (ResultSet rs) -> {
            payloads.put(rs.getLong(1), serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(4), byte[].class,
                    new SimpleSerializedType(rs.getString(2), rs.getString(3)))));
        });
        return payloads;
    }
}
