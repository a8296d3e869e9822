package io.keyledger.validator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * Writes N key-creation events (default 1,000,000; plus 100 organizations) into a fresh H2 file
 * event store, for the cold-start benchmark ({@code src/test/bench/cold-start.sh}). Rows go in
 * with plain JDBC batches in the layout of Axon's JPA {@code DomainEventEntry} and the JSON the
 * services' Jackson serializer writes — appending a million events through Axon one unit of work
 * at a time takes far longer than the measurement itself.
 *
 * <pre>
 * java -cp ... io.keyledger.validator.bench.ColdStartFixture /tmp/validator-coldstart/es-1000000 1000000
 * </pre>
 */
public final class ColdStartFixture {

    public static void main(String[] args) throws Exception {
        String file = args.length > 0 ? args[0] : "/tmp/validator-coldstart/es-1000000";
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        long started = System.nanoTime();
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + file, "sa", "")) {
            try (Statement ddl = db.createStatement()) {
                ddl.execute("create table domain_event_entry (global_index bigint not null, event_identifier varchar(255) not null,"
                        + " meta_data blob, payload blob not null, payload_revision varchar(255), payload_type varchar(255) not null,"
                        + " time_stamp varchar(255) not null, aggregate_identifier varchar(255) not null, sequence_number bigint not null,"
                        + " type varchar(255), primary key (global_index),"
                        + " constraint uk_event_identifier unique (event_identifier),"
                        + " constraint uk_aggregate_sequence unique (aggregate_identifier, sequence_number))");
                ddl.execute("create sequence domain_event_entry_seq start with " + (keys + 1000) + " increment by 50");
            }
            db.setAutoCommit(false);
            byte[] metaData = "{}".getBytes(StandardCharsets.UTF_8);
            String now = Instant.now().toString();
            try (PreparedStatement insert = db.prepareStatement("insert into domain_event_entry (global_index, event_identifier,"
                    + " meta_data, payload, payload_revision, payload_type, time_stamp, aggregate_identifier, sequence_number, type)"
                    + " values (?, ?, ?, ?, null, ?, ?, ?, 0, ?)")) {
                long index = 1;
                for (int i = 0; i < 100; i++) {
                    var event = BenchKeys.organization(i);
                    add(insert, index++, json.writeValueAsBytes(event), event.getClass().getName(), now,
                            event.organizationId(), "Organization", metaData);
                }
                Random random = new Random(42);
                for (int i = 0; i < keys; i++) {
                    var event = BenchKeys.key(i, random, null);
                    add(insert, index++, json.writeValueAsBytes(event), event.getClass().getName(), now, event.keyId(),
                            "ApiKey", metaData);
                    if (i % 5_000 == 4_999) {
                        insert.executeBatch();
                        db.commit();
                    }
                    if ((i + 1) % 100_000 == 0) {
                        System.out.printf("%d events in %d s%n", i + 1, (System.nanoTime() - started) / 1_000_000_000);
                    }
                }
                insert.executeBatch();
                db.commit();
            }
        }
        System.out.printf("wrote %d key events to %s in %d s%n", keys, file, (System.nanoTime() - started) / 1_000_000_000);
    }

    private static void add(PreparedStatement insert, long index, byte[] payload, String type, String timestamp,
                            String aggregateId, String aggregateType, byte[] metaData) throws Exception {
        insert.setLong(1, index);
        insert.setString(2, UUID.randomUUID().toString());
        insert.setBytes(3, metaData);
        insert.setBytes(4, payload);
        insert.setString(5, type);
        insert.setString(6, timestamp);
        insert.setString(7, aggregateId);
        insert.setString(8, aggregateType);
        insert.addBatch();
    }
}
