package io.keyledger.local.infra;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.keyledger.local.TestPorts;
import io.keyledger.local.guard.PortCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three servers for real, in this JVM, on free ports and a temporary data directory:
 * what the services rely on works, and what was written is still there after a restart.
 */
class LocalInfrastructureIT {

    @TempDir
    Path dataDir;

    private InfraSettings settings() {
        int[] ports = TestPorts.free(4);
        return new InfraSettings(dataDir, ports[0], ports[1], ports[2], ports[3]);
    }

    @Test
    void dataWrittenThroughEveryServerSurvivesARestartOnTheSameDirectory() throws Exception {
        InfraSettings settings = settings();
        String marker = UUID.randomUUID().toString();
        List<String> progress = new ArrayList<>();

        try (LocalInfrastructure infra = LocalInfrastructure.start(settings, progress::add)) {
            assertThat(progress).hasSize(3);
            assertThat(progress.get(0)).startsWith("event store ready on :" + settings.eventStorePort());
            assertThat(progress.get(1)).startsWith("kafka ready on :" + settings.kafkaPort());
            assertThat(progress.get(2)).startsWith("mongo ready on :" + settings.mongoPort());

            try (Connection c = DriverManager.getConnection(settings.eventStoreUrl(), settings.eventStoreUser(), settings.eventStorePassword());
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE marker (id VARCHAR(64) PRIMARY KEY)");
                s.execute("INSERT INTO marker VALUES ('" + marker + "')");
            }
            try (KafkaProducer<String, String> producer = producer(settings, Map.of())) {
                producer.send(new ProducerRecord<>("restart-check", "k", marker)).get();
            }
            try (MongoClient mongo = MongoClients.create(settings.mongoUri())) {
                mongo.getDatabase(InfraSettings.MONGO_DATABASE).getCollection("markers")
                        .insertOne(new Document("_id", marker).append("n", 1));
            }
        }

        assertThat(PortCheck.isFree(settings.eventStorePort())).as("H2 port released").isTrue();
        assertThat(PortCheck.isFree(settings.kafkaPort())).as("Kafka port released").isTrue();
        assertThat(PortCheck.isFree(settings.kafkaControllerPort())).as("controller port released").isTrue();
        assertThat(PortCheck.isFree(settings.mongoPort())).as("Mongo port released").isTrue();

        try (LocalInfrastructure infra = LocalInfrastructure.start(settings, line -> { })) {
            try (Connection c = DriverManager.getConnection(settings.eventStoreUrl(), settings.eventStoreUser(), settings.eventStorePassword());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM marker")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(marker);
            }
            try (KafkaConsumer<String, String> consumer = consumer(settings, Map.of())) {
                consumer.subscribe(List.of("restart-check"));
                assertThat(pollValues(consumer, 1)).containsExactly(marker);
            }
            try (MongoClient mongo = MongoClients.create(settings.mongoUri())) {
                MongoCollection<Document> markers = mongo.getDatabase(InfraSettings.MONGO_DATABASE).getCollection("markers");
                Document found = markers.find(new Document("_id", marker)).first();
                assertThat(found).isNotNull();
                assertThat(found.getInteger("n")).isEqualTo(1);
            }
        }
    }

    @Test
    void kafkaHasTheAuthAttemptsTopicAndSupportsTransactionsOnOneNode() throws Exception {
        InfraSettings settings = settings();
        try (LocalInfrastructure infra = LocalInfrastructure.start(settings, line -> { })) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers()))) {
                TopicDescription topic = admin.describeTopics(List.of(InfraSettings.AUTH_ATTEMPTS_TOPIC))
                        .allTopicNames().get().get(InfraSettings.AUTH_ATTEMPTS_TOPIC);
                assertThat(topic.partitions()).hasSize(3);
            }

            // what Kafka Streams exactly_once_v2 needs: a transaction coordinator on one node
            try (KafkaProducer<String, String> producer = producer(settings,
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + UUID.randomUUID()))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx-check", "k", "aborted"));
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx-check", "k", "committed"));
                producer.commitTransaction();
            }
            try (KafkaConsumer<String, String> consumer = consumer(settings,
                    Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
                consumer.subscribe(List.of("tx-check"));
                assertThat(pollValues(consumer, 1)).containsExactly("committed");
            }

            // topics nobody created get three partitions, like auth-attempts
            try (KafkaProducer<String, String> producer = producer(settings, Map.of())) {
                producer.send(new ProducerRecord<>("auto-created", "v")).get();
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers()))) {
                assertThat(admin.describeTopics(List.of("auto-created")).allTopicNames().get()
                        .get("auto-created").partitions()).hasSize(3);
            }
        }
    }

    @Test
    void aServerThatCannotStartStopsTheOnesAlreadyStartedAndSaysWhich() throws Exception {
        InfraSettings settings = settings();
        try (java.net.ServerSocket squatter = new java.net.ServerSocket(settings.mongoPort())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalInfrastructure.start(settings, line -> { }))
                    .isInstanceOf(LocalInfrastructure.InfraStartException.class)
                    .hasMessageStartingWith("mongo failed to start on :" + settings.mongoPort());
        }
        assertThat(PortCheck.isFree(settings.eventStorePort())).isTrue();
        assertThat(PortCheck.isFree(settings.kafkaPort())).isTrue();
    }

    private static KafkaProducer<String, String> producer(InfraSettings settings, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(InfraSettings settings, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        config.putAll(extra);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static List<String> pollValues(KafkaConsumer<String, String> consumer, int expected) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (values.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
        }
        return values;
    }
}
