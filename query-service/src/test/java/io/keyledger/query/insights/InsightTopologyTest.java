package io.keyledger.query.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.query.anomalies.AnomalyRules;
import io.keyledger.query.attempts.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The insight stores fed by the attempt topology, read as the endpoints read them. */
class InsightTopologyTest {

    static final Instant NOW = Instant.parse("2026-03-20T15:00:00Z");

    TopologyHarness harness = new TopologyHarness(AnomalyRules.defaults());
    InsightStore store = new InsightStore(name -> harness.driver.getWindowStore(name));
    Insights insights = new Insights(store);

    @AfterEach
    void close() {
        harness.close();
    }

    static AuthAttempt attempt(String keyId, VerificationCode code, String permission, String ip, String agent,
                               String secret, Instant at) {
        return new AuthAttempt(UUID.randomUUID().toString(), keyId, "kl_live_" + keyId, "org", code, permission, ip,
                agent, at, 5, "https://app.example.com/", secret);
    }

    void send(String keyId, VerificationCode code, String permission, String ip, Instant at) {
        harness.send(attempt(keyId, code, permission, ip, "agent-a", AuthAttempt.CURRENT_SECRET, at));
    }

    @Test
    void permissionUsageCountsPerGrantedPatternAndSuggestsWhatWasUsed() {
        Instant t = NOW.minus(Duration.ofHours(2));
        send("k1", VerificationCode.VALID, "tasks:read", "10.0.0.1", t);
        send("k1", VerificationCode.VALID, "tasks:read", "10.0.0.1", t.plusSeconds(1));
        send("k1", VerificationCode.RATE_LIMITED, "tasks:read", "10.0.0.1", t.plusSeconds(2));
        send("k1", VerificationCode.VALID, "tasks:write,tasks:read", "10.0.0.1", t.plusSeconds(3));
        send("k1", VerificationCode.FORBIDDEN, "billing:read", "10.0.0.1", t.plusSeconds(4));
        send("k1", VerificationCode.FORBIDDEN, "billing:read", "10.0.0.1", t.plusSeconds(5));
        // refused before the permission check: it says nothing about the permission
        send("k1", VerificationCode.IP_NOT_ALLOWED, "projects:read", "192.0.2.1", t.plusSeconds(6));
        // another key's use is not this key's
        send("k2", VerificationCode.VALID, "projects:read", "10.0.0.1", t.plusSeconds(7));
        // a validity check without a permission uses none
        send("k1", VerificationCode.VALID, null, "10.0.0.1", t.plusSeconds(8));
        // ten days ago: inside days=30, outside days=7
        send("k1", VerificationCode.VALID, "projects:read", "10.0.0.1", NOW.minus(Duration.ofDays(10)));

        Insights.PermissionUsage week = insights.permissionUsage("k1", List.of("tasks:*", "projects:read"), 7, NOW);
        assertThat(week.data()).containsExactly(
                new Insights.PermissionRow("tasks:*", true, 5, 5, t.plusSeconds(3)),
                new Insights.PermissionRow("projects:read", true, 0, 0, null),
                new Insights.PermissionRow("billing:read", false, 2, 0, t.plusSeconds(5)));
        assertThat(week.suggestedPermissions()).containsExactly("tasks:read", "tasks:write");

        Insights.PermissionUsage month = insights.permissionUsage("k1", List.of("tasks:*", "projects:read"), 30, NOW);
        assertThat(month.data().get(1)).isEqualTo(new Insights.PermissionRow("projects:read", true, 1, 1,
                NOW.minus(Duration.ofDays(10))));
        assertThat(month.suggestedPermissions()).containsExactly("projects:read", "tasks:read", "tasks:write");
    }

    @Test
    void networksTallyPerSlash24AndSlash48WithTheirUserAgents() {
        Instant t = NOW.minus(Duration.ofDays(3));
        harness.send(attempt("k1", VerificationCode.VALID, null, "10.1.2.3", "curl/8", null, t));
        harness.send(attempt("k1", VerificationCode.VALID, null, "10.1.2.200", "python", null, t.plusSeconds(60)));
        harness.send(attempt("k1", VerificationCode.VALID, null, "10.1.2.201", "python", null, t.plusSeconds(61)));
        harness.send(attempt("k1", VerificationCode.FORBIDDEN, "x:y", "10.1.2.9", "python", null,
                NOW.minus(Duration.ofHours(1))));
        harness.send(attempt("k1", VerificationCode.VALID, null, "2001:db8:abcd:12::1", "go", null,
                NOW.minus(Duration.ofHours(2))));
        harness.send(attempt("k1", VerificationCode.VALID, null, null, "no-address", null, t));
        harness.send(attempt("k2", VerificationCode.VALID, null, "198.51.100.7", "other", null, t));

        List<Insights.NetworkRow> rows = insights.networks("k1", 30, 100, NOW);
        assertThat(rows).containsExactly(
                new Insights.NetworkRow("10.1.2.0/24", t, NOW.minus(Duration.ofHours(1)), 4, 3,
                        List.of("python", "curl/8")),
                new Insights.NetworkRow("2001:db8:abcd::/48", NOW.minus(Duration.ofHours(2)),
                        NOW.minus(Duration.ofHours(2)), 1, 1, List.of("go")));
        assertThat(insights.networks("k1", 30, 1, NOW)).hasSize(1);
        assertThat(insights.networks("k1", 1, 100, NOW)).extracting(Insights.NetworkRow::requests)
                .containsExactly(1L, 1L);
    }

    @Test
    void attemptsAreKeptPerKeyInTimeOrderWithWhatARejudgementNeeds() {
        Instant t = NOW.minus(Duration.ofHours(1));
        send("k1", VerificationCode.VALID, "tasks:read", "10.0.0.1", t.plusMillis(2));
        send("k1", VerificationCode.VALID, "tasks:read", "10.0.0.2", t.plusMillis(2));
        send("k1", VerificationCode.FORBIDDEN, "a:b", "10.0.0.3", t);
        send("k2", VerificationCode.VALID, null, "10.0.0.4", t.plusMillis(1));
        harness.send(attempt("k1", VerificationCode.VALID, null, "10.0.0.5", "agent", AuthAttempt.PREVIOUS_SECRET,
                t.plusMillis(3)));

        List<StoredAttempt> kept = new ArrayList<>();
        store.attempts("k1", t, NOW, kept::add);
        assertThat(kept).extracting(StoredAttempt::ip).containsExactly("10.0.0.3", "10.0.0.1", "10.0.0.2", "10.0.0.5");
        assertThat(kept.get(0)).isEqualTo(new StoredAttempt(t.toEpochMilli(), VerificationCode.FORBIDDEN, false, "a:b",
                "10.0.0.3", "https://app.example.com/"));
        assertThat(kept.get(3).previousSecret()).isTrue();
        List<StoredAttempt> window = new ArrayList<>();
        store.attempts("k1", t.plusMillis(1), t.plusMillis(3), window::add);
        assertThat(window).extracting(StoredAttempt::ip).containsExactly("10.0.0.1", "10.0.0.2");
    }

    @Test
    void thePreviousSecretsUseIsCountedFromTheRotation() {
        Instant rotation = NOW.minus(Duration.ofHours(5));
        harness.send(attempt("k1", VerificationCode.VALID, null, "10.0.0.1", "a", AuthAttempt.PREVIOUS_SECRET,
                rotation.minus(Duration.ofHours(1))));
        harness.send(attempt("k1", VerificationCode.VALID, null, "10.0.0.1", "a", AuthAttempt.PREVIOUS_SECRET,
                rotation.plus(Duration.ofMinutes(10))));
        harness.send(attempt("k1", VerificationCode.VALID, null, "10.0.0.1", "a", AuthAttempt.PREVIOUS_SECRET,
                rotation.plus(Duration.ofMinutes(70))));
        harness.send(attempt("k1", VerificationCode.VALID, null, "10.0.0.1", "a", AuthAttempt.CURRENT_SECRET,
                rotation.plus(Duration.ofMinutes(80))));
        assertThat(insights.previousSecretUse("k1", rotation, NOW))
                .containsExactly(2, rotation.plus(Duration.ofMinutes(70)).toEpochMilli());
        assertThat(insights.previousSecretUse("k2", rotation, NOW)).isNull();
    }

    @Test
    void attemptsOlderThanTheRetentionAreGone() {
        harness.close();
        harness = new TopologyHarness(AnomalyRules.defaults(), new InsightsProperties(Duration.ofDays(2), null));
        store = new InsightStore(name -> harness.driver.getWindowStore(name));
        Instant old = NOW.minus(Duration.ofDays(5));
        send("k1", VerificationCode.VALID, "tasks:read", "10.0.0.1", old);
        List<StoredAttempt> before = new ArrayList<>();
        store.attempts("k1", old, NOW, before::add);
        assertThat(before).hasSize(1);
        // stream time moves past the retention
        send("k1", VerificationCode.VALID, "tasks:read", "10.0.0.1", NOW);
        List<StoredAttempt> after = new ArrayList<>();
        store.attempts("k1", old, NOW.plusSeconds(1), after::add);
        assertThat(after).extracting(StoredAttempt::timestampMillis).containsExactly(NOW.toEpochMilli());
    }
}
