package io.keyledger.query.audit;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link PeriodEvents} straight from the local JDBC event store's {@code domain_event_entry}: one
 * query per {@value #CHUNK} keys, by the aggregate identifier (Axon's unique index on
 * {@code aggregate_identifier, sequence_number}) and the period (Axon's fixed-width time text
 * compares as the instants do, see {@link LocalKeyEvents}); nothing of another organization is read.
 */
class LocalPeriodEvents implements PeriodEvents {

    static final int CHUNK = 500;
    private static final String QUERY = "SELECT global_index, aggregate_identifier, sequence_number, time_stamp,"
            + " payload_type, payload_revision, payload, meta_data FROM domain_event_entry"
            + " WHERE aggregate_identifier IN (%s) AND time_stamp >= ? AND time_stamp < ?";
    private static final SimpleSerializedType META_DATA = new SimpleSerializedType(MetaData.class.getName(), null);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final AuditEntries entries;

    LocalPeriodEvents(JdbcTemplate jdbc, Serializer serializer, AuditEntries entries) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.entries = entries;
    }

    @Override
    public List<AuditEntry> read(Collection<String> keyIds, Instant from, Instant to) {
        List<String> ids = List.copyOf(keyIds);
        List<AuditEntry> events = new ArrayList<>();
        String lower = DateTimeUtils.formatInstant(from);
        String upper = DateTimeUtils.formatInstant(to);
        for (int start = 0; start < ids.size(); start += CHUNK) {
            List<String> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
            jdbc.query(QUERY.formatted(String.join(",", chunk.stream().map(id -> "?").toList())), statement -> {
                int i = 1;
                for (String id : chunk) {
                    statement.setString(i++, id);
                }
                statement.setString(i++, lower);
                statement.setString(i, upper);
                statement.setFetchSize(1_000);
            }, (ResultSet rs) -> {
                Object payload = serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(7), byte[].class,
                        new SimpleSerializedType(rs.getString(5), rs.getString(6))));
                byte[] meta = rs.getBytes(8);
                MetaData metaData = meta == null ? MetaData.emptyInstance()
                        : serializer.deserialize(new SimpleSerializedObject<>(meta, byte[].class, META_DATA));
                events.add(entries.of(rs.getLong(1), rs.getString(2), rs.getLong(3), Instant.parse(rs.getString(4)),
                        payload, metaData));
            });
        }
        events.sort(Comparator.comparing(AuditEntry::globalIndex));
        return events;
    }
}
