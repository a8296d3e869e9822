package io.keyledger.query.anomalies;

import static io.keyledger.query.attempts.TopologyHarness.attempt;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.query.attempts.JsonSerde;
import io.keyledger.query.attempts.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every anomaly rule through the real topology, with small thresholds. */
class AnomalyTopologyTest {

    static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");
    static final AnomalyRules RULES = new AnomalyRules(
            new AnomalyRules.Threshold(Duration.ofMinutes(1), 3),
            new AnomalyRules.Threshold(Duration.ofMinutes(1), 4),
            new AnomalyRules.Threshold(Duration.ofHours(1), 1),
            new AnomalyRules.Threshold(Duration.ofMinutes(1), 3),
            new AnomalyRules.Probing(Duration.ofMinutes(10), 3, 2),
            new AnomalyRules.NewNetwork(Duration.ofDays(30)),
            new AnomalyRules.VolumeSpike(10, 3.0, 6, 5));

    final TopologyHarness harness = new TopologyHarness(RULES);
    final TestOutputTopic<String, String> output = harness.output(AnomalyTopology.OUTPUT_TOPIC);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void failureSpikePerKeyFiresAtTheThresholdWithEvidence() {
        send(3, i -> attempt("k1", "org", VerificationCode.DISABLED, "10.0.0." + i, null, T0.plusSeconds(i)));

        Anomaly spike = only(AnomalyType.FAILURE_SPIKE);
        assertThat(spike.keyId()).isEqualTo("k1");
        assertThat(spike.organizationId()).isEqualTo("org");
        assertThat(spike.detectedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(spike.windowStart()).isEqualTo(T0);
        assertThat(spike.windowEnd()).isEqualTo(T0.plusSeconds(60));
        assertThat(spike.evidence()).containsEntry("count", 3).containsEntry("threshold", 3);
        assertThat(spike.evidence().get("ips")).isEqualTo(List.of("10.0.0.0", "10.0.0.1", "10.0.0.2"));
    }

    @Test
    void failuresBelowTheThresholdOrInDifferentWindowsAreNoSpike() {
        harness.send(attempt("k1", "org", VerificationCode.DISABLED, null, null, T0.plusSeconds(50)));
        harness.send(attempt("k1", "org", VerificationCode.DISABLED, null, null, T0.plusSeconds(55)));
        harness.send(attempt("k1", "org", VerificationCode.DISABLED, null, null, T0.plusSeconds(65)));

        assertThat(of(AnomalyType.FAILURE_SPIKE)).isEmpty();
    }

    @Test
    void failureSpikeOfAnUnknownKeyIsReportedByItsPrefix() {
        send(3, i -> new AuthAttempt("a" + i, null, "kl_live_Gues", null, VerificationCode.NOT_FOUND, null,
                "192.0.2.1", "x", T0.plusSeconds(i), 1));

        Anomaly spike = only(AnomalyType.FAILURE_SPIKE);
        assertThat(spike.subject()).isEqualTo("kl_live_Gues");
        assertThat(spike.keyId()).isNull();
        assertThat(spike.evidence()).containsEntry("codes", Map.of("NOT_FOUND", 3));
    }

    @Test
    void failureSpikePerIpCountsAcrossKeys() {
        send(4, i -> attempt("k" + i, "org", VerificationCode.REVOKED, "203.0.113.9", null, T0.plusSeconds(i)));

        Anomaly spike = only(AnomalyType.FAILURE_SPIKE_IP);
        assertThat(spike.subject()).isEqualTo("203.0.113.9");
        assertThat(spike.evidence()).containsEntry("count", 4);
    }

    @Test
    void useOfARevokedDisabledOrExpiredKeyIsReportedOncePerKeyAndWindow() {
        harness.send(attempt("k1", "org", VerificationCode.REVOKED, "10.0.0.1", null, T0));
        harness.send(attempt("k1", "org", VerificationCode.REVOKED, "10.0.0.2", null, T0.plusSeconds(30)));
        harness.send(attempt("k2", "org", VerificationCode.DISABLED, "10.0.0.1", null, T0));
        harness.send(attempt("k3", "org", VerificationCode.EXPIRED, "10.0.0.1", null, T0));

        Map<String, Anomaly> found = latest();
        assertThat(of(found, AnomalyType.REVOKED_KEY_USED)).singleElement().satisfies(a -> {
            assertThat(a.keyId()).isEqualTo("k1");
            assertThat(a.detectedAt()).isEqualTo(T0);
            assertThat(a.evidence()).containsEntry("count", 2);
        });
        assertThat(of(found, AnomalyType.DISABLED_KEY_USED)).extracting(Anomaly::keyId).containsExactly("k2");
        assertThat(of(found, AnomalyType.EXPIRED_KEY_USED)).extracting(Anomaly::keyId).containsExactly("k3");
    }

    @Test
    void aKeyUsedFromANetworkNotSeenForItIsReportedButItsFirstNetworkIsLearnt() {
        harness.send(attempt("k1", "org", VerificationCode.VALID, "198.51.100.7", null, T0));
        harness.send(attempt("k1", "org", VerificationCode.VALID, "198.51.100.200", null, T0.plusSeconds(1)));
        assertThat(of(AnomalyType.NEW_NETWORK)).isEmpty();

        harness.send(attempt("k1", "org", VerificationCode.VALID, "203.0.113.5", null, T0.plusSeconds(2)));
        Anomaly anomaly = only(AnomalyType.NEW_NETWORK);
        assertThat(anomaly.subject()).isEqualTo("203.0.113.0/24");
        assertThat(anomaly.evidence()).containsEntry("known_networks", List.of("198.51.100.0/24"))
                .containsEntry("ip", "203.0.113.5");
    }

    @Test
    void aNetworkLastSeenBeforeTheLookbackIsNewAgainAndIpv6IsComparedBy48() {
        harness.send(attempt("k1", "org", VerificationCode.VALID, "2001:db8:1:2::1", null, T0));
        harness.send(attempt("k1", "org", VerificationCode.VALID, "2001:db8:1:ffff::9", null, T0.plusSeconds(1)));
        harness.send(attempt("k1", "org", VerificationCode.VALID, "198.51.100.7", null, T0.plusSeconds(2)));
        assertThat(of(AnomalyType.NEW_NETWORK)).extracting(Anomaly::subject).containsExactly("198.51.100.0/24");

        harness.send(attempt("k1", "org", VerificationCode.VALID, "198.51.100.8", null, T0.plus(Duration.ofDays(20))));
        harness.send(attempt("k1", "org", VerificationCode.VALID, "2001:db8:1::1", null, T0.plus(Duration.ofDays(31))));
        assertThat(of(AnomalyType.NEW_NETWORK)).extracting(Anomaly::subject).containsExactly("2001:db8:1::/48");
    }

    @Test
    void aStormOfRateLimitedAnswersIsReported() {
        send(3, i -> attempt("k1", "org", VerificationCode.RATE_LIMITED, "10.0.0.1", null, T0.plusSeconds(i)));

        assertThat(only(AnomalyType.RATE_LIMIT_STORM).evidence()).containsEntry("count", 3);
        assertThat(of(AnomalyType.FAILURE_SPIKE)).isEmpty();
    }

    @Test
    void permissionProbingNeedsManyForbiddenAnswersOverSeveralPermissions() {
        send(3, i -> attempt("k1", "org", VerificationCode.FORBIDDEN, "10.0.0.1", "tasks:write", T0.plusSeconds(i)));
        assertThat(of(AnomalyType.PERMISSION_PROBING)).isEmpty();

        harness.send(attempt("k1", "org", VerificationCode.FORBIDDEN, "10.0.0.1", "admin:*", T0.plusSeconds(5)));
        Anomaly probing = only(AnomalyType.PERMISSION_PROBING);
        assertThat(probing.evidence()).containsEntry("permissions", List.of("tasks:write", "admin:*"));
        assertThat(probing.detectedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aMinuteFarAboveTheTrailingAverageIsAVolumeSpike() {
        // one request a minute for 8 minutes: trailing average 0.8 over 10 minutes
        for (int m = 0; m < 8; m++) {
            harness.send(attempt("k1", "org", VerificationCode.VALID, "10.0.0.1", null, T0.plus(Duration.ofMinutes(m))));
        }
        Instant burst = T0.plus(Duration.ofMinutes(8));
        send(5, i -> attempt("k1", "org", VerificationCode.VALID, "10.0.0.1", null, burst.plusSeconds(i)));
        assertThat(of(AnomalyType.VOLUME_SPIKE)).as("below min_requests").isEmpty();

        send(3, i -> attempt("k1", "org", VerificationCode.VALID, "10.0.0.1", null, burst.plusSeconds(10 + i)));
        Anomaly spike = only(AnomalyType.VOLUME_SPIKE);
        assertThat(spike.windowStart()).isEqualTo(burst);
        assertThat(spike.evidence()).containsEntry("requests", 6).containsEntry("trailing_average", 0.8);
    }

    @Test
    void aKeyWithoutEnoughHistoryHasNoVolumeSpike() {
        send(20, i -> attempt("k1", "org", VerificationCode.VALID, "10.0.0.1", null, T0.plusSeconds(i)));

        assertThat(of(AnomalyType.VOLUME_SPIKE)).isEmpty();
    }

    private void send(int n, java.util.function.IntFunction<AuthAttempt> attempt) {
        for (int i = 0; i < n; i++) {
            harness.send(attempt.apply(i));
        }
    }

    private final Map<String, Anomaly> seen = new LinkedHashMap<>();

    private Map<String, Anomaly> latest() {
        output.readKeyValuesToList().forEach(kv ->
                seen.put(kv.key, new JsonSerde<>(Anomaly.class).deserialize("t", kv.value.getBytes())));
        return seen;
    }

    private List<Anomaly> of(String type) {
        return of(latest(), type);
    }

    private static List<Anomaly> of(Map<String, Anomaly> found, String type) {
        return found.values().stream().filter(a -> a.type().equals(type)).toList();
    }

    private Anomaly only(String type) {
        List<Anomaly> found = of(type);
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
