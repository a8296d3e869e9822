package io.keyledger.query.usage;

import static io.keyledger.query.attempts.TopologyHarness.attempt;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.query.anomalies.AnomalyRules;
import io.keyledger.query.attempts.JsonSerde;
import io.keyledger.query.attempts.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UsageTopologyTest {

    static final Instant T0 = Instant.parse("2026-03-10T12:00:10Z");

    final TopologyHarness harness = new TopologyHarness(AnomalyRules.defaults());
    final TestOutputTopic<String, String> usage = harness.output(UsageTopology.OUTPUT_TOPIC);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void countsAKeysAttemptsPerMinuteHourAndDayByCode() {
        harness.send(attempt("k1", "org", VerificationCode.VALID, "10.0.0.1", "a:read", T0));
        harness.send(attempt("k1", "org", VerificationCode.VALID, "10.0.0.1", "a:read", T0.plusSeconds(5)));
        harness.send(attempt("k1", "org", VerificationCode.FORBIDDEN, "10.0.0.1", "a:write", T0.plusSeconds(20)));

        Map<String, UsageAggregate> latest = latest();
        for (Interval interval : Interval.values()) {
            long size = interval.size().toMillis();
            long start = T0.toEpochMilli() / size * size;
            UsageAggregate window = latest.get(UsageAggregate.id("key", "k1", interval, start));
            assertThat(window).as(interval.token()).isNotNull();
            assertThat(window.requests()).isEqualTo(3);
            assertThat(window.allowed()).isEqualTo(2);
            assertThat(window.denied()).isEqualTo(1);
            assertThat(window.byCode()).containsEntry("VALID", 2L).containsEntry("FORBIDDEN", 1L).hasSize(2);
            assertThat(window.lastAt()).isEqualTo(T0.plusSeconds(20));
            assertThat(window.start()).isEqualTo(Instant.ofEpochMilli(start));
        }
    }

    @Test
    void aNewMinuteStartsANewMinuteWindowButNotANewHourOrDay() {
        harness.send(attempt("k1", "org", VerificationCode.VALID, null, null, T0));
        harness.send(attempt("k1", "org", VerificationCode.VALID, null, null, T0.plusSeconds(60)));

        Map<String, UsageAggregate> latest = latest();
        long minute = T0.toEpochMilli() / 60_000 * 60_000;
        assertThat(latest.get(UsageAggregate.id("key", "k1", Interval.MINUTE, minute)).requests()).isEqualTo(1);
        assertThat(latest.get(UsageAggregate.id("key", "k1", Interval.MINUTE, minute + 60_000)).requests()).isEqualTo(1);
        long hour = T0.toEpochMilli() / 3_600_000 * 3_600_000;
        assertThat(latest.get(UsageAggregate.id("key", "k1", Interval.HOUR, hour)).requests()).isEqualTo(2);
    }

    @Test
    void countsPerOrganizationAcrossItsKeysAndLeavesUnknownKeysOut() {
        harness.send(attempt("k1", "org-a", VerificationCode.VALID, null, null, T0));
        harness.send(attempt("k2", "org-a", VerificationCode.RATE_LIMITED, null, null, T0));
        harness.send(attempt("k3", "org-b", VerificationCode.VALID, null, null, T0));
        harness.send(attempt(null, null, VerificationCode.NOT_FOUND, null, null, T0));

        Map<String, UsageAggregate> latest = latest();
        long day = T0.toEpochMilli() / 86_400_000L * 86_400_000L;
        UsageAggregate orgA = latest.get(UsageAggregate.id("organization", "org-a", Interval.DAY, day));
        assertThat(orgA.requests()).isEqualTo(2);
        assertThat(orgA.byCode()).containsEntry("RATE_LIMITED", 1L);
        assertThat(latest.get(UsageAggregate.id("organization", "org-b", Interval.DAY, day)).requests()).isEqualTo(1);
        assertThat(latest.values()).noneMatch(a -> a.subject() == null || a.subject().startsWith("kl_"));
    }

    @Test
    void attemptsLeftOnTheOrganizationRepartitionTopicAsJsonByAnEarlierVersionAreCounted() throws Exception {
        harness.send(attempt("k1", "org-a", VerificationCode.VALID, null, null, T0));
        harness.driver.createInputTopic("topology-test-usage-by-organization-repartition",
                        new StringSerializer(), new StringSerializer())
                .pipeInput("org-a", JsonSerde.MAPPER.writeValueAsString(
                        attempt("k2", "org-a", VerificationCode.FORBIDDEN, null, null, T0.plusSeconds(3))), T0.plusSeconds(3));

        long day = T0.toEpochMilli() / 86_400_000L * 86_400_000L;
        UsageAggregate orgA = latest().get(UsageAggregate.id("organization", "org-a", Interval.DAY, day));
        assertThat(orgA.requests()).isEqualTo(2);
        assertThat(orgA.byCode()).containsEntry("VALID", 1L).containsEntry("FORBIDDEN", 1L);
        assertThat(orgA.lastAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void aRecordThatIsNotAnAttemptIsSkippedAndCountingGoesOn() {
        harness.attempts.pipeInput("k1", "{not json", T0);
        harness.send(attempt("k1", "org", VerificationCode.VALID, null, null, T0));

        long day = T0.toEpochMilli() / 86_400_000L * 86_400_000L;
        assertThat(latest().get(UsageAggregate.id("key", "k1", Interval.DAY, day)).requests()).isEqualTo(1);
    }

    @Test
    void eachCommitPublishesOnlyTheWindowsThatChanged() {
        harness.send(attempt("k1", "org", VerificationCode.VALID, null, null, T0));
        assertThat(usage.readKeyValuesToList()).hasSize(6); // key and organization × minute, hour, day

        harness.send(attempt("k1", "org", VerificationCode.VALID, null, null, T0.plusSeconds(60)));
        long minute = T0.toEpochMilli() / 60_000 * 60_000;
        assertThat(usage.readKeyValuesToList()).extracting(kv -> kv.key)
                .hasSize(6)
                .doesNotContain(UsageAggregate.id("key", "k1", Interval.MINUTE, minute),
                        UsageAggregate.id("organization", "org", Interval.MINUTE, minute))
                .contains(UsageAggregate.id("key", "k1", Interval.MINUTE, minute + 60_000));
    }

    @Test
    void anAttemptTooLateForItsMinuteStillCountsInItsHourAndDay() {
        long minute = T0.toEpochMilli() / 60_000 * 60_000;
        harness.send(attempt("k1", "org", VerificationCode.VALID, null, null, T0));
        harness.send(attempt("k1", "org", VerificationCode.VALID, null, null, T0.plus(Interval.MINUTE.grace()).plusSeconds(60)));
        usage.readKeyValuesToList();

        harness.send(attempt("k1", "org", VerificationCode.VALID, null, null, T0));
        Map<String, UsageAggregate> latest = latest();
        assertThat(latest).doesNotContainKey(UsageAggregate.id("key", "k1", Interval.MINUTE, minute));
        long hour = T0.toEpochMilli() / 3_600_000 * 3_600_000;
        assertThat(latest.get(UsageAggregate.id("key", "k1", Interval.HOUR, hour)).requests()).isEqualTo(3);
    }

    @Test
    void subjectsWhoseWindowsHaveAllClosedLeaveTheStores() {
        harness.send(attempt("k1", "org-a", VerificationCode.VALID, null, null, T0));
        harness.send(attempt("k2", "org-b", VerificationCode.VALID, null, null, T0.plus(Duration.ofDays(2))));
        harness.driver.advanceWallClockTime(UsagePublisher.PRUNE_EVERY);

        assertThat(harness.driver.getKeyValueStore("usage-key-windows").get("k1")).isNull();
        assertThat(harness.driver.getKeyValueStore("usage-key-published").get("k1")).isNull();
        assertThat(harness.driver.getKeyValueStore("usage-organization-windows").get("org-a")).isNull();
        assertThat(harness.driver.getKeyValueStore("usage-key-windows").get("k2")).isNotNull();
        assertThat(harness.driver.getKeyValueStore("usage-key-published").get("k2")).isNotNull();

        usage.readKeyValuesToList();
        Instant later = T0.plus(Duration.ofDays(2)).plusSeconds(5);
        harness.send(attempt("k1", "org-a", VerificationCode.VALID, null, null, later));
        long day = later.toEpochMilli() / 86_400_000L * 86_400_000L;
        Map<String, UsageAggregate> latest = latest();
        assertThat(latest).hasSize(6);
        assertThat(latest.get(UsageAggregate.id("key", "k1", Interval.DAY, day)).requests()).isEqualTo(1);
    }

    @Test
    void anAttemptWithoutATimeIsCountedAtItsRecordsTime() throws Exception {
        AuthAttempt timeless = attempt("k1", "org", VerificationCode.VALID, null, null, null);
        harness.attempts.pipeInput("k1", JsonSerde.MAPPER.writeValueAsString(timeless), T0);

        long day = T0.toEpochMilli() / 86_400_000L * 86_400_000L;
        UsageAggregate window = latest().get(UsageAggregate.id("key", "k1", Interval.DAY, day));
        assertThat(window.requests()).isEqualTo(1);
        assertThat(window.lastAt()).isEqualTo(T0);
    }

    private Map<String, UsageAggregate> latest() {
        Map<String, UsageAggregate> latest = new HashMap<>();
        usage.readKeyValuesToList().forEach(kv -> latest.put(kv.key,
                new JsonSerde<>(UsageAggregate.class).deserialize("t", kv.value.getBytes())));
        return latest;
    }
}
