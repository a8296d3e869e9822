package io.keyledger.validator.bench;

import io.keyledger.validator.EventTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Random;

/**
 * Writes N key-creation events (default 1,000,000; plus 100 organizations) into a fresh H2 file
 * event store (or the database of a JDBC URL given instead of the file: PostgreSQL), for the cold-start benchmark ({@code src/test/bench/cold-start.sh}). Rows go in
 * with plain JDBC batches in the layout of Axon's JPA {@code DomainEventEntry} ({@link EventTable})
 * and the JSON the services' Jackson serializer writes — appending a million events through Axon
 * one unit of work at a time takes far longer than the measurement itself.
 *
 * <pre>
 * java -cp ... io.keyledger.validator.bench.ColdStartFixture /tmp/validator-coldstart/es-1000000 1000000
 * </pre>
 */
public final class ColdStartFixture {

    public static void main(String[] args) throws Exception {
        String file = args.length > 0 ? args[0] : "/tmp/validator-coldstart/es-1000000";
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        long started = System.nanoTime();
        // a JDBC URL (the PostgreSQL event store) instead of an H2 file: user and password from -Duser/-Dpassword
        String url = file.startsWith("jdbc:") ? file : "jdbc:h2:file:" + file;
        try (Connection db = DriverManager.getConnection(url, System.getProperty("user", "sa"),
                System.getProperty("password", ""))) {
            EventTable.create(db, keys + 1000);
            db.setAutoCommit(false);
            String now = Instant.now().toString();
            try (PreparedStatement insert = db.prepareStatement(EventTable.INSERT)) {
                long index = 1;
                for (int i = 0; i < 100; i++) {
                    var event = BenchKeys.organization(i);
                    add(insert, index++, now, event.organizationId(), "Organization", event);
                }
                Random random = new Random(42);
                for (int i = 0; i < keys; i++) {
                    var event = BenchKeys.key(i, random, null);
                    add(insert, index++, now, event.keyId(), "ApiKey", event);
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

    private static void add(PreparedStatement insert, long index, String timestamp, String aggregateId,
                            String aggregateType, Object event) throws Exception {
        EventTable.bind(insert, index, timestamp, aggregateId, aggregateType, event.getClass().getName(),
                EventTable.SERIALIZER.serialize(event, byte[].class).getData());
        insert.addBatch();
    }
}
