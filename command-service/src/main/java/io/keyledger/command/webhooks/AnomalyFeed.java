package io.keyledger.command.webhooks;

import io.keyledger.api.EventMetadata;
import io.keyledger.api.attempts.Anomalies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code anomaly.detected} deliveries: consumes {@value Anomalies#TOPIC} in batches and plans one
 * delivery per anomaly and subscribed endpoint, in one transaction per batch; the offsets are
 * committed after it, so a crash replays a batch and the rows' ids ({@link DeliveryPlanner#deliveryId},
 * from the anomaly's stable id) keep a replayed or republished finding — the same rule, subject and
 * window with a larger count — from being delivered twice. An endpoint gets the anomalies detected
 * after it was created. Records that tell no anomaly are counted
 * ({@code keyledger_webhook_anomalies_skipped_total}). Off with
 * {@code keyledger.webhooks.anomaly-feed.enabled=false} (KEYLEDGER_WEBHOOKS_ANOMALY_FEED_ENABLED).
 */
@Component
class AnomalyFeed {

    static final String GROUP = "command-service-anomaly-webhooks";

    private final EndpointTable endpoints;
    private final DeliveryPlanner planner;
    private final DeliverySender sender;
    private final TransactionTemplate transactions;
    private final Counter skipped;

    AnomalyFeed(EndpointTable endpoints, DeliveryPlanner planner, DeliverySender sender,
                PlatformTransactionManager transactionManager, MeterRegistry meters) {
        this.endpoints = endpoints;
        this.planner = planner;
        this.sender = sender;
        this.transactions = new TransactionTemplate(transactionManager);
        this.skipped = Counter.builder("keyledger_webhook_anomalies_skipped").description(
                "keyledger.anomalies records that told no deliverable anomaly (unreadable, out of bounds, no organization)")
                .register(meters);
    }

    @KafkaListener(id = GROUP, groupId = GROUP, topics = Anomalies.TOPIC, batch = "true",
            autoStartup = "${keyledger.webhooks.anomaly-feed.enabled:true}",
            properties = {
                    "key.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "auto.offset.reset=earliest",
                    "max.poll.records=500"})
    void on(List<ConsumerRecord<byte[], byte[]>> records) {
        boolean planned = Boolean.TRUE.equals(transactions.execute(status -> {
            boolean any = false;
            for (ConsumerRecord<byte[], byte[]> record : records) {
                AnomalyNotice notice = AnomalyNotice.parse(record.value());
                if (notice == null) {
                    skipped.increment();
                    continue;
                }
                List<EndpointRow> targets = endpoints.subscribers(notice.organizationId(),
                        WebhookEventTypes.ANOMALY_DETECTED, notice.detectedAt());
                if (!targets.isEmpty()) {
                    notice.data().put("actor", EventMetadata.SYSTEM_ACTOR);
                    planner.insert(targets, notice.id(), notice.detectedAt(), WebhookEventTypes.ANOMALY_DETECTED,
                            notice.organizationId(), notice.data());
                    any = true;
                }
            }
            return any;
        }));
        if (planned) {
            sender.wake();
        }
    }
}
