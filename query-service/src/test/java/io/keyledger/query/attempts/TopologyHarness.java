package io.keyledger.query.attempts;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.query.anomalies.AnomalyRules;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** The attempt topology in a {@link TopologyTestDriver}: attempts in as JSON, output topics as JSON strings. */
public final class TopologyHarness implements AutoCloseable {

    public final TopologyTestDriver driver;
    public final TestInputTopic<String, String> attempts;

    public TopologyHarness(AnomalyRules rules) {
        this(rules, io.keyledger.query.insights.InsightsProperties.defaults());
    }

    public TopologyHarness(AnomalyRules rules, io.keyledger.query.insights.InsightsProperties insights) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        config.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/topology-test-" + UUID.randomUUID());
        driver = new TopologyTestDriver(AttemptTopology.build(rules, insights), config);
        attempts = driver.createInputTopic(AuthAttempt.TOPIC, new StringSerializer(), new StringSerializer());
    }

    public TestOutputTopic<String, String> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new StringDeserializer());
    }

    /** Sends an attempt keyed as the validator keys it: by key id, else by prefix. */
    public void send(AuthAttempt attempt) {
        try {
            attempts.pipeInput(attempt.keyId() != null ? attempt.keyId() : attempt.prefix(),
                    JsonSerde.MAPPER.writeValueAsString(attempt), attempt.timestamp());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AuthAttempt attempt(String keyId, String org, VerificationCode code, String ip, String permission,
                                      Instant at) {
        return new AuthAttempt(UUID.randomUUID().toString(), keyId, keyId == null ? "kl_live_Unkn" : "kl_live_" + keyId,
                org, code, permission, ip, "test-agent", at, 5);
    }

    @Override
    public void close() {
        driver.close();
    }
}
