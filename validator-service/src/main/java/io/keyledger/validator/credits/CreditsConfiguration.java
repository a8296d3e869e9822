package io.keyledger.validator.credits;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The credit book, its leaser (the command API with the service key) and the sweeper (package-info). */
@Configuration(proxyBeanMethods = false)
class CreditsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CreditsConfiguration.class);

    @Bean
    CreditBook creditBook(@Value("${keyledger.validator.credits.command-url:http://localhost:8081}") URI commandUrl,
                          @Value("${keyledger.validator.credits.service-key:}") String serviceKey,
                          @Value("${keyledger.validator.credits.service-key-file:}") String serviceKeyFile,
                          @Value("${keyledger.validator.instance-id:}") String instanceId,
                          @Value("${server.port:8083}") int port,
                          @Value("${keyledger.validator.credits.lease-ttl:30s}") Duration ttl,
                          @Value("${keyledger.validator.credits.safety-margin:5s}") Duration margin,
                          @Value("${keyledger.validator.credits.block-seconds:1.0}") double blockSeconds,
                          @Value("${keyledger.validator.credits.command-timeout:5s}") Duration timeout) {
        String holder = instanceId.isBlank() ? "validator-" + port + "-" + UUID.randomUUID().toString().substring(0, 8)
                : instanceId;
        String key = serviceKey.isBlank() ? read(serviceKeyFile) : serviceKey.trim();
        if (margin.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("keyledger.validator.credits.safety-margin must be shorter than lease-ttl");
        }
        Leaser leaser;
        if (key == null) {
            log.warn("no service key (keyledger.validator.credits.service-key / -file): keys with credits are refused"
                    + " as USAGE_EXCEEDED");
            leaser = Leaser.NONE;
        } else {
            leaser = new CommandApiLeaser(commandUrl, key, holder, timeout);
        }
        log.info("credits: leases from {} as {} (ttl {}, margin {})", commandUrl, holder, ttl, margin);
        return new CreditBook(leaser, new CreditBook.Settings(ttl.toSeconds(), margin.toMillis(), blockSeconds, holder));
    }

    private static String read(String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            String key = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
            return key.isEmpty() ? null : key;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the service key file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    @Bean(destroyMethod = "close")
    CreditLeaseSweeper creditLeaseSweeper(CreditBook book, Clock clock) {
        return new CreditLeaseSweeper(book, clock);
    }

    @Bean
    MeterBinder creditMetrics(CreditBook book) {
        return registry -> {
            FunctionCounter.builder("keyledger.credits.leases", book, CreditBook::leases)
                    .description("credit leases taken from the command API").register(registry);
            FunctionCounter.builder("keyledger.credits.lease_failures", book, CreditBook::leaseFailures)
                    .description("credit leases that failed (the verification was refused)").register(registry);
        };
    }
}
