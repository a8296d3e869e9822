package io.keyledger.validator.bench;

import io.keyledger.validator.ValidatorApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Writes N key-creation events (default 1,000,000; plus 100 organizations) into an H2 file event
 * store, for the cold-start benchmark ({@code src/test/bench/cold-start.sh}). Uses the service's
 * own Axon wiring, so the stored events are exactly what command-service would write.
 *
 * <pre>
 * java -cp ... io.keyledger.validator.bench.ColdStartFixture /tmp/validator-coldstart/es 1000000
 * </pre>
 */
public final class ColdStartFixture {

    public static void main(String[] args) {
        String file = args.length > 0 ? args[0] : "/tmp/validator-coldstart/es";
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        ConfigurableApplicationContext context = new SpringApplication(ValidatorApplication.class).run(
                "--spring.datasource.url=jdbc:h2:file:" + file,
                "--spring.kafka.bootstrap-servers=localhost:9",
                "--keyledger.validator.http.stack=spring",
                "--server.port=0",
                "--logging.level.root=WARN");
        EventStore eventStore = context.getBean(EventStore.class);
        long started = System.nanoTime();
        List<EventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(new GenericDomainEventMessage<>("Organization", "org-" + i, 0, BenchKeys.organization(i)));
        }
        Random random = new Random(42);
        for (int i = 0; i < keys; i++) {
            var event = BenchKeys.key(i, random, null);
            batch.add(new GenericDomainEventMessage<>("ApiKey", event.keyId(), 0, event));
            if (batch.size() == 2_000) {
                eventStore.publish(batch);
                batch.clear();
            }
            if ((i + 1) % 100_000 == 0) {
                System.out.printf("%d events in %d s%n", i + 1, (System.nanoTime() - started) / 1_000_000_000);
            }
        }
        eventStore.publish(batch);
        System.out.printf("wrote %d key events to %s in %d s%n", keys, file, (System.nanoTime() - started) / 1_000_000_000);
        context.close();
    }
}
