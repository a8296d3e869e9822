package io.keyledger.command.webhooks;

import io.keyledger.api.webhooks.WebhookCommands;
import io.keyledger.command.web.Commands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries with {@link HttpClient}: {@code POST} of the stored payload, signed for
 * this attempt ({@link Signer}); a 2xx within the timeout (10 s) ends it; anything else is tried
 * again after {@link Backoff} until the retry period (24 h) since it was planned has passed. A
 * delivery is claimed before it is sent (its next attempt moved a lease ahead and its claim count
 * raised, in one conditional update), so several instances never send one attempt twice, and a
 * sender killed mid-attempt leaves a row that becomes due again when the lease ends: at least
 * once. An endpoint whose every attempt failed for {@code disable-after} (24 h) is switched off
 * through its aggregate ({@code WebhookEndpointDisabled}). Redirects are not followed, and the
 * target is checked again before each attempt ({@link TargetPolicy}).
 */
@Component
class DeliverySender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliverySender.class);

    @PersistenceContext
    private EntityManager entityManager;

    private final WebhookProperties properties;
    private final TransactionTemplate transactions;
    private final SecretBox secrets;
    private final TargetPolicy targets;
    private final Commands commands;
    private final HttpClient client;
    private final Semaphore inFlight;
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private final Map<String, Counter> outcomes = new HashMap<>();
    private volatile boolean running;
    private Thread loop;

    DeliverySender(WebhookProperties properties, PlatformTransactionManager transactionManager, SecretBox secrets,
                   TargetPolicy targets, Commands commands, MeterRegistry meters) {
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.secrets = secrets;
        this.targets = targets;
        this.commands = commands;
        this.inFlight = new Semaphore(properties.maxInFlight());
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        for (String outcome : List.of("delivered", "retrying", "failed", "dropped")) {
            outcomes.put(outcome, Counter.builder("keyledger.webhook.deliveries")
                    .description("webhook delivery attempts by outcome: delivered (2xx), retrying (failed, tried again), "
                            + "failed (failed for the whole retry period), dropped (endpoint deleted or disabled)")
                    .tag("outcome", outcome).register(meters));
        }
    }

    /** New deliveries were committed: look now rather than at the next poll. */
    void wake() {
        wakeUps.offer(Boolean.TRUE);
    }

    private void run() {
        while (running) {
            try {
                int sent = sendDue();
                if (sent == 0 || inFlight.availablePermits() == 0) {
                    wakeUps.poll(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the database is away (a restart of the event store): try again at the next poll
                log.warn("webhook sender: {}", e.toString());
                sleep(properties.pollInterval());
            }
        }
    }

    /** A claimed delivery: what the attempt needs, read in the claiming transaction. */
    record Claim(String id, String webhookId, String payload, int attempt, int claims, Instant createdAt,
                 String url, List<String> secrets, String drop) {
    }

    private int sendDue() {
        int free = inFlight.availablePermits();
        if (free == 0) {
            return 0;
        }
        List<Claim> claimed = transactions.execute(status -> claim(Math.min(free, 200)));
        for (Claim claim : claimed) {
            if (claim.drop() != null) {
                finish(claim, null, claim.drop(), true);
                continue;
            }
            inFlight.acquireUninterruptibly();
            attempt(claim);
        }
        return claimed.size();
    }

    private List<Claim> claim(int limit) {
        Instant now = Instant.now();
        List<DeliveryRow> due = entityManager.createQuery("select d from DeliveryRow d where d.status = :pending "
                        + "and d.nextAttemptAt <= :now order by d.nextAttemptAt", DeliveryRow.class)
                .setParameter("pending", DeliveryRow.PENDING).setParameter("now", now)
                .setMaxResults(limit).getResultList();
        List<Claim> out = new ArrayList<>();
        Map<String, EndpointRow> endpoints = new HashMap<>();
        for (DeliveryRow row : due) {
            entityManager.detach(row);
            int updated = entityManager.createQuery("update DeliveryRow d set d.claims = d.claims + 1, "
                            + "d.nextAttemptAt = :lease where d.id = :id and d.claims = :claims")
                    .setParameter("lease", now.plus(properties.lease())).setParameter("id", row.id)
                    .setParameter("claims", row.claims).executeUpdate();
            if (updated != 1) {
                continue; // another sender claimed it first
            }
            EndpointRow endpoint = endpoints.computeIfAbsent(row.webhookId, id -> entityManager.find(EndpointRow.class, id));
            String drop = endpoint == null || endpoint.deleted ? "the endpoint was deleted"
                    : !endpoint.enabled ? "the endpoint is disabled" : null;
            List<String> keys = new ArrayList<>();
            if (drop == null) {
                keys.add(secrets.open(endpoint.id, endpoint.sealedSecret));
                if (endpoint.previousSealedSecret != null && endpoint.previousValidUntil != null
                        && endpoint.previousValidUntil.isAfter(now)) {
                    keys.add(secrets.open(endpoint.id, endpoint.previousSealedSecret));
                }
            }
            out.add(new Claim(row.id, row.webhookId, row.payload, row.attempt, row.claims + 1, row.createdAt,
                    endpoint == null ? null : endpoint.url, keys, drop));
        }
        return out;
    }

    private void attempt(Claim claim) {
        HttpRequest request;
        try {
            targets.check(claim.url());
            long timestamp = Instant.now().getEpochSecond();
            request = HttpRequest.newBuilder(URI.create(claim.url()))
                    .timeout(properties.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "keyledger-webhooks/1")
                    .header("webhook-id", claim.id())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", Signer.signatures(claim.id(), timestamp, claim.payload(), claim.secrets()))
                    .POST(HttpRequest.BodyPublishers.ofString(claim.payload()))
                    .build();
        } catch (RuntimeException refused) {
            // a target no longer allowed (its name now resolves inside), or a URL the client refuses
            inFlight.release();
            finishQuietly(claim, null, "the target is not allowed: " + refused.getMessage());
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            inFlight.release();
            if (failure != null) {
                finishQuietly(claim, null, describe(failure));
            } else {
                finishQuietly(claim, response.statusCode(), null);
            }
        });
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String name = cause instanceof java.net.http.HttpTimeoutException ? "timed out" : cause.getClass().getSimpleName();
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

    private void finishQuietly(Claim claim, Integer code, String error) {
        try {
            finish(claim, code, error, false);
        } catch (RuntimeException e) {
            // the row stays claimed until its lease ends, then it is tried again: at least once
            log.warn("webhook delivery {}: outcome not recorded ({}); it is retried after its lease", claim.id(), e.toString());
        }
        wake();
    }

    private void finish(Claim claim, Integer code, String error, boolean drop) {
        Instant now = Instant.now();
        boolean delivered = code != null && code >= 200 && code < 300;
        String outcome;
        Instant next = null;
        String status;
        if (delivered) {
            status = DeliveryRow.DELIVERED;
            outcome = "delivered";
        } else if (drop || !now.isBefore(claim.createdAt().plus(properties.retryFor()))) {
            status = DeliveryRow.FAILED;
            outcome = drop ? "dropped" : "failed";
        } else {
            status = DeliveryRow.PENDING;
            outcome = "retrying";
            next = now.plus(Backoff.delay(claim.attempt() + 1, properties.initialDelay(), properties.maxDelay(),
                    ThreadLocalRandom.current().nextDouble()));
        }
        String lastError = error != null ? error : delivered ? null : "HTTP " + code;
        Instant nextAttempt = next;
        Instant failingSince = transactions.execute(tx -> {
            int updated = entityManager.createQuery("update DeliveryRow d set d.status = :status, d.attempt = d.attempt + :tried, "
                            + "d.responseCode = :code, d.lastError = :error, d.nextAttemptAt = :next, d.deliveredAt = :delivered "
                            + "where d.id = :id and d.claims = :claims")
                    .setParameter("status", status).setParameter("tried", drop ? 0 : 1).setParameter("code", code)
                    .setParameter("error", lastError).setParameter("next", nextAttempt)
                    .setParameter("delivered", delivered ? now : null)
                    .setParameter("id", claim.id()).setParameter("claims", claim.claims()).executeUpdate();
            if (updated != 1 || drop) {
                return null; // the lease ran out and another attempt owns the row now
            }
            if (delivered) {
                entityManager.createQuery("update EndpointRow e set e.failingSince = null where e.id = :id and e.failingSince is not null")
                        .setParameter("id", claim.webhookId()).executeUpdate();
                return null;
            }
            entityManager.createQuery("update EndpointRow e set e.failingSince = :now where e.id = :id and e.failingSince is null")
                    .setParameter("now", now).setParameter("id", claim.webhookId()).executeUpdate();
            EndpointRow endpoint = entityManager.find(EndpointRow.class, claim.webhookId());
            return endpoint == null || !endpoint.enabled ? null : endpoint.failingSince;
        });
        outcomes.get(outcome).increment();
        if (failingSince != null && !now.isBefore(failingSince.plus(properties.disableAfter()))) {
            log.info("webhook endpoint {} failed every delivery since {}: disabling it", claim.webhookId(), failingSince);
            commands.sendAsSystem(new WebhookCommands.DisableFailing(claim.webhookId(), failingSince));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        loop = new Thread(this::run, "webhook-sender");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public void stop() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the event processors and the web server: deliveries start once the service runs. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
