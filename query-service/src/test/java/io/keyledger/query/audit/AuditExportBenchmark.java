package io.keyledger.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.query.MongoTestServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The audit export's figure (issue 12): one organization's {@code ours} events in a file-backed H2
 * event table that also holds {@code others} events of other organizations, all in the same 30
 * days; the export of the 30 days through {@link AuditIndex} and {@link LocalPeriodEvents} (what
 * {@code GET /v1/audit/export} runs, without HTTP), beside the way before the index: a scan of the
 * period's events of every organization, filtered afterwards.
 *
 * <p>Run: see query-service/README.md ("Benchmarks").
 */
public final class AuditExportBenchmark {

    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final int KEYS_PER_OTHER_ORG = 100;
    private static final int EVENTS_PER_KEY = 10;

    public static void main(String[] args) throws Exception {
        int others = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int ours = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;

        Path dir = Files.createTempDirectory("audit-export-bench");
        String url = "jdbc:h2:file:" + dir.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE";
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        try (MongoTestServer mongo = new MongoTestServer();
             Connection connection = DriverManager.getConnection(url)) {
            AuditIndex index = new AuditIndex(mongo.database.getCollection(AuditIndex.COLLECTION));
            long t0 = System.nanoTime();
            Map<String, Set<String>> days = new HashMap<>();
            try (EventTable table = new EventTable(connection, serializer)) {
                // interleaved: the organization's events sit among the others', as in a shared store
                int stride = Math.max(1, others / Math.max(1, ours));
                int ourEvents = 0;
                int keys = Math.max(1, others / EVENTS_PER_KEY);
                for (int i = 0; i < others; i++) {
                    // each key's events spread over the whole period, as a key lives
                    int key = i % keys;
                    String org = "org-" + key / KEYS_PER_OTHER_ORG;
                    add(table, days, org, "o-" + key, i / keys, at(i, others));
                    if (i % stride == 0 && ourEvents < ours) {
                        add(table, days, "acme", "acme-" + ourEvents % KEYS_PER_OTHER_ORG,
                                ourEvents / KEYS_PER_OTHER_ORG, at(i, others));
                        ourEvents++;
                    }
                }
                while (ourEvents < ours) {
                    add(table, days, "acme", "acme-" + ourEvents % KEYS_PER_OTHER_ORG,
                            ourEvents / KEYS_PER_OTHER_ORG, at(others - 1, others));
                    ourEvents++;
                }
            }
            index.write(days);
            System.out.printf("loaded %,d other events + %,d of acme, index of %,d organization-days, in %.1f s%n",
                    others, ours, days.size(), (System.nanoTime() - t0) / 1e9);

            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            AuditExport export = new AuditExport(index, new LocalPeriodEvents(jdbc, serializer,
                    new AuditEntries(json)), json);
            ScanExport scan = new ScanExport(jdbc, serializer, json);
            Instant end = START.plus(PERIOD);
            for (int round = 1; round <= rounds; round++) {
                long[] sink = new long[1];
                long a = System.nanoTime();
                long indexed = export.write("acme", START, end, AuditExport.Format.NDJSON, counting(sink));
                double indexedMs = (System.nanoTime() - a) / 1e6;
                long bytes = sink[0];
                long b = System.nanoTime();
                long scanned = round <= 2 ? scan.count("acme", START, end) : -1;
                double scanMs = (System.nanoTime() - b) / 1e6;
                System.out.printf("round %d: export through the index %,d events (%,d bytes) in %.0f ms%s%n",
                        round, indexed, bytes, indexedMs, scanned < 0 ? ""
                                : String.format("; scan of every organization's period %,d events in %.0f ms",
                                        scanned, scanMs));
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Instant at(int i, int of) {
        return START.plusMillis((long) (PERIOD.toMillis() * ((double) i / of)));
    }

    private static void add(EventTable table, Map<String, Set<String>> days, String org, String keyId, long sequence,
            Instant at) throws Exception {
        ApiKeyUpdatedEvent event = new ApiKeyUpdatedEvent(keyId, org, Set.of("name"), "renamed " + sequence,
                null, List.of("tasks:read"), null, null, null);
        table.add(keyId, sequence, event, MetaData.with("actor", "key-admin").and("client_ip", "203.0.113.7"), at);
        days.computeIfAbsent(AuditIndex.id(org, AuditIndex.day(at)), k -> new LinkedHashSet<>()).add(keyId);
    }

    private static OutputStream counting(long[] sink) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                sink[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sink[0] += len;
            }
        };
    }

    /** The export before the index: every event of the period deserialized, then filtered by organization. */
    private record ScanExport(JdbcTemplate jdbc, JacksonSerializer serializer, ObjectMapper json) {
        long count(String organizationId, Instant from, Instant to) {
            AuditEntries entries = new AuditEntries(json);
            long[] n = {0};
            jdbc.query("SELECT global_index, aggregate_identifier, sequence_number, time_stamp, payload_type,"
                    + " payload_revision, payload FROM domain_event_entry WHERE time_stamp >= ? AND time_stamp < ?"
                    + " ORDER BY global_index", statement -> {
                        statement.setString(1, org.axonframework.common.DateTimeUtils.formatInstant(from));
                        statement.setString(2, org.axonframework.common.DateTimeUtils.formatInstant(to));
                        statement.setFetchSize(1_000);
                    }, (java.sql.ResultSet rs) -> {
                        Object payload = serializer.deserialize(new org.axonframework.serialization.SimpleSerializedObject<>(
                                rs.getBytes(7), byte[].class, new org.axonframework.serialization.SimpleSerializedType(
                                        rs.getString(5), rs.getString(6))));
                        AuditEntry entry = entries.of(rs.getLong(1), rs.getString(2), rs.getLong(3),
                                Instant.parse(rs.getString(4)), payload, MetaData.emptyInstance());
                        if (organizationId.equals(entry.organizationId())) {
                            n[0]++;
                        }
                    });
            return n[0];
        }
    }

    private AuditExportBenchmark() {
    }
}
