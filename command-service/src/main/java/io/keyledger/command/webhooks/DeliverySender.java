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
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
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

    /** Most rows claimed, and most outcomes recorded, in one transaction. */
    private static final int MAX_BATCH = 200;

    private final WebhookProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SecretBox secrets;
    private final TargetPolicy targets;
    private final Commands commands;
    private final HttpClient client;
    private final Semaphore inFlight;
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private final Map<String, Counter> counters = new HashMap<>();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private Thread loop;

    DeliverySender(WebhookProperties properties, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
                   SecretBox secrets, TargetPolicy targets, Commands commands, MeterRegistry meters) {
        this.properties = properties;
        this.jdbc = jdbc;
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
            counters.put(outcome, Counter.builder("keyledger.webhook.deliveries")
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
                int recorded = recordOutcomes();
                int sent = sendDue();
                if (outcomes.isEmpty() && (recorded == 0 && sent == 0 || inFlight.availablePermits() == 0)) {
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

    /** How an attempt ended, waiting to be recorded by the loop with the others that ended meanwhile. */
    private record Outcome(Claim claim, Integer code, String error, boolean drop, Instant at) {
    }

    private int sendDue() {
        int free = inFlight.availablePermits();
        if (free == 0) {
            return 0;
        }
        List<Claim> claimed = transactions.execute(status -> claim(Math.min(free, MAX_BATCH)));
        for (Claim claim : claimed) {
            if (claim.drop() != null) {
                outcomes.add(new Outcome(claim, null, claim.drop(), true, Instant.now()));
                continue;
            }
            inFlight.acquireUninterruptibly();
            attempt(claim);
        }
        return claimed.size();
    }

    /**
     * Claims up to {@code limit} due rows in one transaction: one query for the due rows, then one
     * JDBC batch of conditional updates (claim count + lease); a row whose count moved meanwhile was
     * claimed by another sender and is left to it.
     */
    private List<Claim> claim(int limit) {
        Instant now = Instant.now();
        List<DeliveryRow> due = entityManager.createQuery("select d from DeliveryRow d where d.status = :pending "
                        + "and d.nextAttemptAt <= :now order by d.nextAttemptAt", DeliveryRow.class)
                .setParameter("pending", DeliveryRow.PENDING).setParameter("now", now)
                .setMaxResults(limit).getResultList();
        if (due.isEmpty()) {
            return List.of();
        }
        OffsetDateTime lease = utc(now.plus(properties.lease()));
        List<Object[]> updates = new ArrayList<>(due.size());
        for (DeliveryRow row : due) {
            entityManager.detach(row);
            updates.add(new Object[] {lease, row.id, row.claims});
        }
        int[] claimedCounts = jdbc.batchUpdate("update webhook_delivery set claims = claims + 1, next_attempt_at = ? "
                + "where id = ? and claims = ?", updates, new int[] {Types.TIMESTAMP_WITH_TIMEZONE, Types.VARCHAR, Types.INTEGER});
        List<Claim> out = new ArrayList<>();
        Map<String, Optional<Endpoint>> endpoints = new HashMap<>();
        for (int i = 0; i < due.size(); i++) {
            if (claimedCounts[i] != 1 && claimedCounts[i] != Statement.SUCCESS_NO_INFO) {
                continue; // another sender claimed it first
            }
            DeliveryRow row = due.get(i);
            Endpoint endpoint = endpoints.computeIfAbsent(row.webhookId, id -> Optional.ofNullable(endpoint(id, now))).orElse(null);
            String drop = endpoint == null ? "the endpoint was deleted" : endpoint.drop();
            out.add(new Claim(row.id, row.webhookId, row.payload, row.attempt, row.claims + 1, row.createdAt,
                    endpoint == null ? null : endpoint.url(), drop == null ? endpoint.secrets() : List.of(), drop));
        }
        return out;
    }

    /** An endpoint as one claim needs it: its secrets opened once for all its deliveries in the claim. */
    private record Endpoint(String url, List<String> secrets, String drop) {
    }

    private Endpoint endpoint(String id, Instant now) {
        EndpointRow endpoint = entityManager.find(EndpointRow.class, id);
        if (endpoint == null) {
            return null;
        }
        String drop = endpoint.deleted ? "the endpoint was deleted" : !endpoint.enabled ? "the endpoint is disabled" : null;
        List<String> keys = new ArrayList<>();
        if (drop == null) {
            keys.add(secrets.open(endpoint.id, endpoint.sealedSecret));
            if (endpoint.previousSealedSecret != null && endpoint.previousValidUntil != null
                    && endpoint.previousValidUntil.isAfter(now)) {
                keys.add(secrets.open(endpoint.id, endpoint.previousSealedSecret));
            }
        }
        return new Endpoint(endpoint.url, List.copyOf(keys), drop);
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
            ended(claim, null, "the target is not allowed: " + refused.getMessage());
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            inFlight.release();
            if (failure != null) {
                ended(claim, null, describe(failure));
            } else {
                ended(claim, response.statusCode(), null);
            }
        });
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String name = cause instanceof java.net.http.HttpTimeoutException ? "timed out" : cause.getClass().getSimpleName();
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

    /** Queues the outcome for the loop, which records it with the others in one transaction. */
    private void ended(Claim claim, Integer code, String error) {
        outcomes.add(new Outcome(claim, code, error, false, Instant.now()));
        wake();
    }

    /**
     * Records the outcomes that arrived since the last call in one transaction: one JDBC batch of
     * conditional row updates (a row whose claim count moved was re-claimed after its lease ran out
     * and belongs to that attempt now), then per endpoint one update of {@code failing_since} as the
     * last of its outcomes leaves it. Killed before the commit, the rows stay claimed until their
     * lease ends and are tried again under the same id: at least once.
     */
    private int recordOutcomes() {
        List<Outcome> batch = new ArrayList<>();
        Outcome next;
        while (batch.size() < MAX_BATCH && (next = outcomes.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            record(batch);
        } catch (RuntimeException e) {
            // the rows stay claimed until their lease ends, then they are tried again: at least once
            log.warn("webhook sender: {} outcomes not recorded ({}); they are retried after their lease", batch.size(), e.toString());
        }
        return batch.size();
    }

    private void record(List<Outcome> batch) {
        List<Object[]> rows = new ArrayList<>(batch.size());
        List<String> counted = new ArrayList<>(batch.size());
        for (Outcome o : batch) {
            boolean delivered = o.code() != null && o.code() >= 200 && o.code() < 300;
            String status;
            String outcome;
            Instant nextAttempt = null;
            if (delivered) {
                status = DeliveryRow.DELIVERED;
                outcome = "delivered";
            } else if (o.drop() || !o.at().isBefore(o.claim().createdAt().plus(properties.retryFor()))) {
                status = DeliveryRow.FAILED;
                outcome = o.drop() ? "dropped" : "failed";
            } else {
                status = DeliveryRow.PENDING;
                outcome = "retrying";
                nextAttempt = o.at().plus(Backoff.delay(o.claim().attempt() + 1, properties.initialDelay(), properties.maxDelay(),
                        ThreadLocalRandom.current().nextDouble()));
            }
            String lastError = o.error() != null ? o.error() : delivered ? null : "HTTP " + o.code();
            rows.add(new Object[] {status, o.drop() ? 0 : 1, o.code(), lastError, utc(nextAttempt), delivered ? utc(o.at()) : null,
                    o.claim().id(), o.claim().claims()});
            counted.add(outcome);
        }
        Map<String, Instant> failingSince = transactions.execute(tx -> {
            int[] updated = jdbc.batchUpdate("update webhook_delivery set status = ?, attempt = attempt + ?, response_code = ?, "
                            + "last_error = ?, next_attempt_at = ?, delivered_at = ? where id = ? and claims = ?", rows,
                    new int[] {Types.VARCHAR, Types.INTEGER, Types.INTEGER, Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE,
                            Types.TIMESTAMP_WITH_TIMEZONE, Types.VARCHAR, Types.INTEGER});
            // per endpoint, in the order the attempts ended: the last outcome decides its health
            Map<String, Health> health = new LinkedHashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                Outcome o = batch.get(i);
                if (o.drop() || updated[i] != 1 && updated[i] != Statement.SUCCESS_NO_INFO) {
                    continue; // a drop says nothing of the endpoint; a lost lease belongs to the later attempt
                }
                boolean delivered = o.code() != null && o.code() >= 200 && o.code() < 300;
                health.computeIfAbsent(o.claim().webhookId(), id -> new Health()).add(delivered, o.at());
            }
            Map<String, Instant> failing = new HashMap<>();
            for (Map.Entry<String, Health> e : health.entrySet()) {
                String id = e.getKey();
                Health h = e.getValue();
                if (h.failingFrom == null) {
                    jdbc.update("update webhook_endpoint set failing_since = null where id = ? and failing_since is not null", id);
                    continue;
                }
                String onlyIfHealthy = h.succeeded ? "" : " and failing_since is null";
                jdbc.update("update webhook_endpoint set failing_since = ? where id = ?" + onlyIfHealthy,
                        new Object[] {utc(h.failingFrom), id}, new int[] {Types.TIMESTAMP_WITH_TIMEZONE, Types.VARCHAR});
                jdbc.query("select failing_since, enabled from webhook_endpoint where id = ?", rs -> {
                    OffsetDateTime since = rs.getObject(1, OffsetDateTime.class);
                    if (since != null && rs.getBoolean(2)) {
                        failing.put(id, since.toInstant());
                    }
                }, id);
            }
            return failing;
        });
        for (String outcome : counted) {
            outcomes(outcome).increment();
        }
        Instant now = Instant.now();
        failingSince.forEach((webhookId, since) -> {
            if (!now.isBefore(since.plus(properties.disableAfter()))) {
                log.info("webhook endpoint {} failed every delivery since {}: disabling it", webhookId, since);
                commands.sendAsSystem(new WebhookCommands.DisableFailing(webhookId, since));
            }
        });
    }

    /** One endpoint's outcomes in a batch: whether any succeeded, and the first failure after the last success. */
    private static final class Health {
        boolean succeeded;
        Instant failingFrom;

        void add(boolean delivered, Instant at) {
            if (delivered) {
                succeeded = true;
                failingFrom = null;
            } else if (failingFrom == null) {
                failingFrom = at;
            }
        }
    }

    private Counter outcomes(String outcome) {
        return counters.get(outcome);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
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
