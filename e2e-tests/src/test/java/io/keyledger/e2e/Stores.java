package io.keyledger.e2e;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;

/**
 * Direct, read-only access to the stack's stores, bypassing the services: the event store
 * over JDBC, Kafka with a plain consumer, the read model with the MongoDB driver. What the
 * services claim is checked against what is really stored.
 */
final class Stores {

    private Stores() {
    }

    static Connection eventStore(LocalStack stack) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:tcp://localhost:" + stack.h2Port + "/keyledger", "sa", "");
    }

    /** One stored domain event, payload as text (the Jackson serializer writes JSON). */
    record StoredEvent(long globalIndex, String aggregateId, long sequence, String payloadType, String payload) {
        String simpleType() {
            return payloadType.substring(payloadType.lastIndexOf('.') + 1);
        }
    }

    /** Every domain event in the event store, in global order. */
    static List<StoredEvent> domainEvents(LocalStack stack) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (Connection c = eventStore(stack); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT global_index, aggregate_identifier, sequence_number, payload_type, payload "
                     + "FROM domain_event_entry ORDER BY global_index")) {
            while (rs.next()) {
                events.add(new StoredEvent(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        new String(rs.getBytes(5), StandardCharsets.UTF_8)));
            }
        }
        return events;
    }

    /** Domain events grouped by aggregate, each list in sequence order. */
    static Map<String, List<StoredEvent>> eventsByAggregate(LocalStack stack) throws SQLException {
        return domainEvents(stack).stream().collect(Collectors.groupingBy(StoredEvent::aggregateId,
                LinkedHashMap::new, Collectors.toList()));
    }

    /**
     * Every value of every column of every table of every schema of the event store database,
     * as bytes: {@code visitor.accept("schema.table.column", bytes)}.
     */
    static void eachEventStoreValue(LocalStack stack, BiConsumer<String, byte[]> visitor) throws SQLException, IOException {
        try (Connection c = eventStore(stack)) {
            List<String[]> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE", "BASE TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (!"INFORMATION_SCHEMA".equalsIgnoreCase(schema)) {
                        tables.add(new String[] {schema, rs.getString("TABLE_NAME")});
                    }
                }
            }
            for (String[] table : tables) {
                String qualified = "\"" + table[0] + "\".\"" + table[1] + "\"";
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + qualified)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            byte[] value = bytes(rs, i);
                            if (value != null) {
                                visitor.accept(table[0] + "." + table[1] + "." + rs.getMetaData().getColumnName(i), value);
                            }
                        }
                    }
                }
            }
        }
    }

    private static byte[] bytes(ResultSet rs, int column) throws SQLException, IOException {
        Object value = rs.getObject(column);
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof Blob blob) {
            try (InputStream in = blob.getBinaryStream()) {
                return in.readAllBytes();
            }
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length()).getBytes(StandardCharsets.UTF_8);
        }
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Every record of every topic, internal ones included, from the earliest offset. */
    static void eachKafkaRecord(LocalStack stack, BiConsumer<String, ConsumerRecord<byte[], byte[]>> visitor) throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + stack.kafkaPort);
        List<TopicPartition> partitions = new ArrayList<>();
        try (Admin client = Admin.create(admin)) {
            var names = client.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get();
            Map<String, TopicDescription> descriptions = client.describeTopics(names).allTopicNames().get();
            descriptions.values().forEach(d -> d.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = byteConsumer(stack, "read_uncommitted")) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && !reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    visitor.accept(r.topic(), r);
                }
            }
            if (!reached(consumer, end)) {
                throw new IllegalStateException("could not read every topic to its end within 60 s: " + end);
            }
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Values of the auth-attempts topic (committed only), parsed, from the beginning to its current end. */
    static List<com.fasterxml.jackson.databind.JsonNode> authAttempts(LocalStack stack) throws IOException {
        List<com.fasterxml.jackson.databind.JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = byteConsumer(stack, "read_committed")) {
            List<TopicPartition> partitions = consumer.partitionsFor("auth-attempts").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && !reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        found.add(Http.JSON.readTree(r.value()));
                    }
                }
            }
        }
        return found;
    }

    private static KafkaConsumer<byte[], byte[]> byteConsumer(LocalStack stack, String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + stack.kafkaPort);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static MongoClient mongo(LocalStack stack) {
        return MongoClients.create("mongodb://localhost:" + stack.mongoPort);
    }

    /** Every document of every collection of every database: {@code visitor.accept("db.collection", doc)}. */
    static void eachMongoDocument(LocalStack stack, BiConsumer<String, Document> visitor) {
        try (MongoClient client = mongo(stack)) {
            for (String dbName : client.listDatabaseNames()) {
                MongoDatabase db = client.getDatabase(dbName);
                for (String collection : db.listCollectionNames()) {
                    for (Document doc : db.getCollection(collection).find()) {
                        visitor.accept(dbName + "." + collection, doc);
                    }
                }
            }
        }
    }

    /** Counts of documents per "db.collection", for the report. */
    static Map<String, Integer> mongoCounts(LocalStack stack) {
        Map<String, Integer> counts = new HashMap<>();
        eachMongoDocument(stack, (name, doc) -> counts.merge(name, 1, Integer::sum));
        return counts;
    }
}
