package io.keyledger.validator.hotset;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.validator.MutableClock;
import io.keyledger.validator.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One secret, one key; retention of ended keys; far instants (issues 11 and 12). */
class HotSetGuardsTest {

    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);
    private final MutableClock clock = new MutableClock(START);
    private final HotSet hotSet = new HotSet(clock, RETENTION);
    private final TestKeys keys = new TestKeys(11);

    private KeyEntry find(String key) {
        return hotSet.find(ApiKeyFormat.sha256(key), clock.millis());
    }

    private void rotate(String keyId, String from, String to, Instant graceUntil) {
        hotSet.on(new ApiKeyRotatedEvent(keyId, "org", ApiKeyFormat.sha256Hex(to), "p", ApiKeyFormat.sha256Hex(from),
                graceUntil));
    }

    // ------------------------------------------------------------ shadowing

    @Test
    void aSecondKeyCreatedWithAHeldSecretDoesNotTakeItOverAndTheFirstKeysLaterEventsStillReachIt() {
        String shared = keys.newKey();
        hotSet.on(TestKeys.created("first", "org", shared, List.of()));
        hotSet.on(TestKeys.created("importer", "other-org", shared, List.of("admin:*")));

        assertThat(find(shared).keyId()).isEqualTo("first");
        assertThat(hotSet.shadowingRefused()).isEqualTo(1);
        // the original key's own later events reach it (issue 11: its rotation answered NOT_FOUND)
        String rotated = keys.newKey();
        rotate("first", shared, rotated, null);
        assertThat(find(rotated).keyId()).isEqualTo("first");
        hotSet.on(new ApiKeyRevokedEvent("first", "org", "leaked"));
        assertThat(find(rotated).status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(find(shared)).isNull();
        // the refused key answers to nothing presented, yet its own events still reach it
        assertThat(hotSet.findById("importer")).isNotNull();
        String own = keys.newKey();
        rotate("importer", shared, own, null);
        assertThat(find(own).keyId()).isEqualTo("importer");
        assertThat(hotSet.size()).isEqualTo(2);
    }

    @Test
    void aRotationToAnotherKeysSecretIsRefusedAndLeavesNoSecretOfTheRotatingKeyThatWasNotItsOwn() {
        String a = keys.newKey();
        String b = keys.newKey();
        hotSet.on(TestKeys.created("a", "org", a, List.of()));
        hotSet.on(TestKeys.created("b", "org", b, List.of()));
        rotate("b", b, a, START.plusSeconds(60));

        assertThat(find(a).keyId()).isEqualTo("a");
        assertThat(hotSet.shadowingRefused()).isEqualTo(1);
        // b's previous secret keeps its grace, as the command side decided
        assertThat(find(b).keyId()).isEqualTo("b");
        clock.advance(Duration.ofSeconds(60));
        assertThat(find(b)).isNull();
        hotSet.on(new ApiKeyRevokedEvent("b", "org", null));
        assertThat(hotSet.findById("b").status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(find(a).status()).isEqualTo(KeyStatus.ACTIVE);
    }

    @Test
    void aSecretInAnotherKeysGracePeriodIsNotTakenOverEither() {
        String old = keys.newKey();
        String current = keys.newKey();
        hotSet.on(TestKeys.created("a", "org", old, List.of()));
        rotate("a", old, current, START.plusSeconds(600));
        hotSet.on(TestKeys.created("b", "org", old, List.of()));

        assertThat(find(old).keyId()).isEqualTo("a");
        assertThat(hotSet.shadowingRefused()).isEqualTo(1);
        // and b's retirement of a hash it never held does not end a's grace
        hotSet.on(new ApiKeyPreviousSecretRetiredEvent("b", "org", ApiKeyFormat.sha256Hex(old)));
        assertThat(find(old).keyId()).isEqualTo("a");
    }

    @Test
    void anUnreadableHashFailsClosedAndTheKeysLaterEventsStillApply() {
        String old = keys.newKey();
        hotSet.on(TestKeys.created("k", "org", old, List.of()));
        hotSet.on(new ApiKeyRotatedEvent("k", "org", "not-a-sha-256", "p", ApiKeyFormat.sha256Hex(old),
                START.plusSeconds(60)));
        assertThat(hotSet.unreadableHashes()).isEqualTo(1);
        // the old secret keeps the grace the event gave it, no longer
        assertThat(find(old).keyId()).isEqualTo("k");
        // and a revocation after the bad event is not held back by it
        hotSet.on(new ApiKeyRevokedEvent("k", "org", null));
        assertThat(find(old).status()).isEqualTo(KeyStatus.REVOKED);
        clock.advance(Duration.ofSeconds(60));
        assertThat(find(old)).isNull();

        hotSet.on(new io.keyledger.api.keys.ApiKeyCreatedEvent("bad", "org", "n", null, null,
                io.keyledger.api.keys.Environment.LIVE, "zz", "p", List.of(), null, Restrictions.NONE, null, false));
        assertThat(hotSet.findById("bad")).isNotNull();
        String own = keys.newKey();
        rotate("bad", old, own, null);
        assertThat(find(own).keyId()).isEqualTo("bad");
        hotSet.on(new ApiKeyPreviousSecretRetiredEvent("bad", "org", "zz"));
        assertThat(hotSet.unreadableHashes()).isEqualTo(3);
    }

    // ------------------------------------------------------------ retention

    @Test
    void aRevokedKeyAnswersRevokedDuringTheRetentionAndIsForgottenAfterIt() {
        String key = keys.newKey();
        hotSet.on(TestKeys.created("k", "org", key, List.of()));
        hotSet.on(new ApiKeyRevokedEvent("k", "org", null), START);

        clock.advance(RETENTION.minusMillis(1));
        assertThat(hotSet.sweep()).isZero();
        KeyEntry entry = find(key);
        assertThat(entry.status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(hotSet.forgotten(entry, clock.millis())).isFalse();

        clock.advance(Duration.ofMillis(1));
        // answered as unknown from this moment, before any sweep
        assertThat(hotSet.forgotten(entry, clock.millis())).isTrue();
        assertThat(hotSet.sweep()).isEqualTo(1);
        assertThat(find(key)).isNull();
        assertThat(hotSet.findById("k")).isNull();
        assertThat(hotSet.size()).isZero();
        assertThat(hotSet.forgottenKeys()).isEqualTo(1);
        // later events of the forgotten key change nothing
        hotSet.on(new ApiKeyExpiredEvent("k", "org", START));
        assertThat(find(key)).isNull();
    }

    @Test
    void anExpiredKeyIsForgottenARetentionAfterItsExpiryWithOrWithoutTheExpiryEvent() {
        String withEvent = keys.newKey();
        String withoutEvent = keys.newKey();
        Instant expiry = START.plus(Duration.ofDays(1));
        hotSet.on(TestKeys.created("e1", "org", withEvent, List.of(), null, Restrictions.NONE, expiry));
        hotSet.on(TestKeys.created("e2", "org", withoutEvent, List.of(), null, Restrictions.NONE, expiry));
        clock.set(expiry);
        hotSet.on(new ApiKeyExpiredEvent("e1", "org", expiry), expiry);

        clock.set(expiry.plus(RETENTION).minusSeconds(1));
        assertThat(hotSet.sweep()).isZero();
        assertThat(find(withEvent).status()).isEqualTo(KeyStatus.EXPIRED);
        clock.set(expiry.plus(RETENTION));
        assertThat(hotSet.sweep()).isEqualTo(2);
        assertThat(find(withEvent)).isNull();
        assertThat(find(withoutEvent)).isNull();
    }

    @Test
    void aDisabledKeyThatDoesNotExpireIsNeverForgotten() {
        String key = keys.newKey();
        hotSet.on(TestKeys.created("k", "org", key, List.of()));
        hotSet.on(new io.keyledger.api.keys.ApiKeyDisabledEvent("k", "org"));
        clock.advance(Duration.ofDays(3650));
        assertThat(hotSet.sweep()).isZero();
        assertThat(find(key).status()).isEqualTo(KeyStatus.DISABLED);
    }

    @Test
    void keysThatEndedLongerAgoThanTheRetentionAreNotHeldWhenTheirEventsAreReplayed() {
        String revoked = keys.newKey();
        String expired = keys.newKey();
        String live = keys.newKey();
        Instant longAgo = START.minus(Duration.ofDays(90));
        hotSet.on(TestKeys.created("r", "org", revoked, List.of()));
        hotSet.on(new ApiKeyRevokedEvent("r", "org", null), longAgo);
        hotSet.on(TestKeys.created("x", "org", expired, List.of(), null, Restrictions.NONE, longAgo));
        hotSet.on(TestKeys.created("l", "org", live, List.of()));

        assertThat(find(revoked)).isNull();
        assertThat(find(expired)).isNull();
        assertThat(find(live).keyId()).isEqualTo("l");
        assertThat(hotSet.size()).isEqualTo(1);
    }

    @Test
    void createAndRevokeChurnDoesNotGrowTheTable() {
        HotSet churned = new HotSet(clock, Duration.ZERO);
        for (int i = 0; i < 50_000; i++) {
            churned.on(TestKeys.created("k" + i, "org", keys.newKey(), List.of()));
            churned.on(new ApiKeyRevokedEvent("k" + i, "org", null), START);
        }
        String kept = keys.newKey();
        churned.on(TestKeys.created("kept", "org", kept, List.of()));
        assertThat(churned.size()).isEqualTo(1);
        assertThat(churned.capacity()).isLessThanOrEqualTo(2048);
        assertThat(churned.find(ApiKeyFormat.sha256(kept), clock.millis()).keyId()).isEqualTo("kept");
    }

    // ------------------------------------------------------------ far instants

    @Test
    void instantsBeyondWhatMillisecondsHoldAreSaturatedNotThrown() {
        Instant far = Instant.parse("+292278995-01-01T00:00:00Z");
        String key = keys.newKey();
        String next = keys.newKey();
        hotSet.on(TestKeys.created("k", "org", key, List.of(), null, Restrictions.NONE, far));
        assertThat(find(key).expiresAtMillis()).isEqualTo(KeyEntry.NEVER);
        hotSet.on(new io.keyledger.api.keys.ApiKeyUpdatedEvent("k", "org", java.util.Set.of("expires_at"), "n", null,
                List.of(), null, Restrictions.NONE, Instant.MAX));
        rotate("k", key, next, far);
        clock.advance(Duration.ofDays(36500));
        assertThat(find(key).keyId()).isEqualTo("k");
        assertThat(find(next).keyId()).isEqualTo("k");
        // an expiry at the beginning of time is past any retention: forgotten at once
        hotSet.on(new ApiKeyExpiredEvent("k", "org", Instant.MIN), far);
        assertThat(hotSet.findById("k")).isNull();
        String other = keys.newKey();
        hotSet.on(TestKeys.created("o", "org", other, List.of()));
        hotSet.on(new ApiKeyRevokedEvent("o", "org", null), Instant.MAX);
        assertThat(hotSet.sweep()).isZero();
        assertThat(find(other).status()).isEqualTo(KeyStatus.REVOKED);
    }
}
