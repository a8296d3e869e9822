package io.keyledger.validator.bench;

import io.keyledger.validator.ValidatorApplication;
import io.keyledger.validator.hotset.HotSet;
import io.keyledger.validator.hotset.HotSetReadiness;
import io.keyledger.validator.web.WebFluxContender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The validator with N synthetic keys, for wrk. Starts an in-process KRaft broker (so attempts
 * are really published, as in production), an in-memory event store, the Spring app on the
 * given web stack, and writes the first keys to {@code keys.txt} for the wrk scripts.
 *
 * <pre>
 * AXONIQ_UPDATE_CHECKER_DISABLED=true java -cp ... io.keyledger.validator.bench.HttpBenchServer --keys=100000 --stack=mvc|netty|webflux --port=18083 --out=/tmp/validator-bench
 * </pre>
 * {@code mvc}: Spring MVC on Tomcat at the port. {@code netty}: the production setting, the
 * thin Netty hot path at the port (Tomcat behind it). {@code webflux}: WebFlux on Reactor Netty
 * at the port with functional routes ({@link WebFluxContender}).
 */
public final class HttpBenchServer {

    public static void main(String[] args) throws Exception {
        int keys = Integer.parseInt(arg(args, "keys", "100000"));
        String stack = arg(args, "stack", "netty");
        Path out = Path.of(arg(args, "out", "/tmp/validator-bench"));
        boolean kafka = Boolean.parseBoolean(arg(args, "kafka", "true"));
        String port = arg(args, "port", "18083");
        Files.createDirectories(out);

        String bootstrap = "localhost:1";
        if (kafka) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "auth-attempts");
            // the publisher writes in transactions: one broker holds the transaction log alone
            broker.brokerProperty("transaction.state.log.replication.factor", "1");
            broker.brokerProperty("transaction.state.log.min.isr", "1");
            broker.afterPropertiesSet();
            bootstrap = broker.getBrokersAsString();
        }
        SpringApplication app = new SpringApplication(ValidatorApplication.class);
        if (stack.equals("webflux")) {
            app = new SpringApplication(ValidatorApplication.class, WebFluxContender.class);
        }
        ConfigurableApplicationContext context = app.run(
                "--spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1",
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--server.port=" + port,
                "--keyledger.data-dir=" + out.resolve("data"),
                "--keyledger.validator.http.stack=" + (stack.equals("netty") ? "netty" : "spring"),
                "--spring.main.web-application-type=" + (stack.equals("webflux") ? "reactive" : "servlet"),
                "--logging.level.root=WARN");
        HotSet hotSet = context.getBean(HotSet.class);
        // the hot-set processor starts on its own thread; keys put in before it took its initial token
        // could be cleared by it (a failed initial load on this empty store clears the set)
        HotSetReadiness readiness = context.getBean(HotSetReadiness.class);
        while (!readiness.caughtUp()) {
            Thread.sleep(50);
        }
        long started = System.nanoTime();
        String[] plaintexts = BenchKeys.load(hotSet, keys, 10_000, 42);
        System.out.printf("loaded %d keys in %d ms%n", keys, (System.nanoTime() - started) / 1_000_000);
        Files.write(out.resolve("keys.txt"), Arrays.asList(plaintexts));
        System.out.println("READY stack=" + stack + " port=" + port + " keys=" + out.resolve("keys.txt"));
        Thread.currentThread().join();
    }

    static String arg(String[] args, String name, String fallback) {
        for (String a : args) {
            if (a.startsWith("--" + name + "=")) {
                return a.substring(name.length() + 3);
            }
        }
        return fallback;
    }
}
