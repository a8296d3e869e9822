package io.keyledger.query.attempts;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.query.anomalies.AnomalyRules;
import io.keyledger.query.anomalies.AnomalyTopology;
import io.keyledger.query.insights.InsightTopology;
import io.keyledger.query.insights.InsightsProperties;
import io.keyledger.query.usage.UsageTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;

/** The whole attempt pipeline: {@code auth-attempts} in, usage totals and anomalies out, insight stores kept. */
public final class AttemptTopology {

    private AttemptTopology() {
    }

    public static Topology build(AnomalyRules rules) {
        return build(rules, InsightsProperties.defaults());
    }

    /** @param insights the insights' settings, {@code null} for a topology without them (benchmarks compare both) */
    public static Topology build(AnomalyRules rules, InsightsProperties insights) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, AuthAttempt> attempts = builder.stream(AuthAttempt.TOPIC,
                Consumed.with(Serdes.String(), new AttemptSerde())
                        .withTimestampExtractor(new AttemptTimestampExtractor()))
                // a record without a verdict cannot be counted anywhere
                .filter((key, attempt) -> attempt != null && attempt.code() != null)
                .processValues(StampedAttempts::new);
        UsageTopology.addTo(builder, attempts);
        AnomalyTopology.addTo(builder, attempts, rules);
        if (insights != null) {
            InsightTopology.addTo(builder, attempts, insights);
        }
        return builder.build();
    }
}
