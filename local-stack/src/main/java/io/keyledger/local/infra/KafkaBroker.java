package io.keyledger.local.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node Kafka cluster in KRaft mode (broker and controller in one), run from Apache
 * Kafka's own server code in this JVM. Storage is formatted once, the first time the log
 * directory has no {@code meta.properties}; after that the cluster id and the data carry
 * over restarts.
 */
final class KafkaBroker implements InfraComponent {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final InfraSettings settings;
    private KafkaRaftServer server;

    KafkaBroker(InfraSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public int port() {
        return settings.kafkaPort();
    }

    /** Broker configuration; public settings of a developer's single-node cluster. */
    Properties serverProperties() {
        Path logDir = settings.kafkaDir();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + settings.kafkaControllerPort());
        // 127.0.0.1, not localhost: a name can resolve to more than loopback; nothing outside
        // this machine reaches the broker or the controller
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + settings.kafkaPort()
                + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + settings.kafkaControllerPort());
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + settings.kafkaPort());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "true");
        p.put("num.partitions", "3");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // internal topics on one node: replication factor and min ISR 1, or consumer groups
        // and Kafka Streams exactly_once_v2 (transactions) never get going
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        // a developer's consumer group should not wait 3 s for company that never comes
        p.put("group.initial.rebalance.delay.ms", "0");
        // the default 128 MiB cleaner buffer is sized for production logs, not a laptop
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        return p;
    }

    @Override
    public void start() throws Exception {
        KafkaConfig config = KafkaConfig.fromProps(serverProperties());
        Path logDir = settings.kafkaDir();
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            Files.createDirectories(logDir);
            format(logDir);
        }
        KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
        server = raftServer;
        raftServer.startup();
        createAuthAttemptsTopic();
    }

    private static void format(Path logDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDir.toString())
                .addDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    /**
     * Creates {@code auth-attempts} if missing and waits until every partition has a leader:
     * that is the moment a producer or a Streams application can use the broker.
     */
    private void createAuthAttemptsTopic() throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis()))) {
            try {
                admin.createTopics(List.of(new NewTopic(InfraSettings.AUTH_ATTEMPTS_TOPIC,
                                InfraSettings.AUTH_ATTEMPTS_PARTITIONS, (short) 1)))
                        .all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            while (true) {
                TopicDescription topic = admin.describeTopics(List.of(InfraSettings.AUTH_ATTEMPTS_TOPIC))
                        .allTopicNames().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .get(InfraSettings.AUTH_ATTEMPTS_TOPIC);
                if (topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("topic " + InfraSettings.AUTH_ATTEMPTS_TOPIC + " has no leader after "
                            + READY_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
