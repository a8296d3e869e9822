package io.keyledger.support.auth;

import static io.keyledger.support.auth.KeyEvents.created;
import static io.keyledger.support.auth.KeyEvents.newSecret;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.support.auth.Authentication.Authenticated;
import io.keyledger.support.auth.Authentication.Unauthenticated;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One secret, one key (DESIGN.md §8): a second key never takes over a hash the directory holds. */
class CallerDirectoryShadowingTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final CallerDirectory directory = new CallerDirectory(clock);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(CallerDirectory.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    @Test
    void aSecondKeyCreatedWithAHeldSecretDoesNotTakeItOver() {
        String secret = newSecret();
        directory.on(created("first", secret));
        directory.on(created("second", secret));

        assertThat(keyBehind(secret)).isEqualTo("first");
        assertThat(directory.shadowingRefused()).isEqualTo(1);
        assertRefusalLoggedWithoutTheHash("second", "first", secret);
        // the refused key is still known, so its own later events reach it
        assertThat(directory.organizationOf("second")).hasValue("org-1");
    }

    @Test
    void theRefusedKeyGetsASecretOfItsOwnWhenItRotates() {
        String secret = newSecret();
        directory.on(created("first", secret));
        directory.on(created("second", secret));
        String fresh = newSecret();
        directory.on(rotated("second", fresh, secret, clock.instant().plus(Duration.ofHours(1))));

        assertThat(keyBehind(fresh)).isEqualTo("second");
        // second never held the old secret: it cannot keep it as a grace secret either
        assertThat(keyBehind(secret)).isEqualTo("first");
        assertThat(directory.shadowingRefused()).isEqualTo(2);
    }

    @Test
    void aRotationToAnotherKeysSecretIsRefused() {
        String first = newSecret();
        String second = newSecret();
        directory.on(created("first", first));
        directory.on(created("second", second));
        directory.on(rotated("second", first, second, null));

        assertThat(keyBehind(first)).isEqualTo("first");
        assertThat(directory.shadowingRefused()).isEqualTo(1);
        assertRefusalLoggedWithoutTheHash("second", "first", first);
    }

    @Test
    void aSecretInsideItsGraceIsHeldToo() {
        String old = newSecret();
        directory.on(created("first", old));
        directory.on(rotated("first", newSecret(), old, clock.instant().plus(Duration.ofHours(1))));
        directory.on(created("second", old));

        assertThat(directory.authenticate(old)).isEqualTo(new Unauthenticated(Refusal.ROTATED_AWAY));
        assertThat(directory.shadowingRefused()).isEqualTo(1);
    }

    @Test
    void anotherKeysRetirementEventDoesNotRemoveTheHolder() {
        String secret = newSecret();
        directory.on(created("first", secret));
        directory.on(new ApiKeyPreviousSecretRetiredEvent("second", "org-1", ApiKeyFormat.sha256Hex(secret)));

        assertThat(keyBehind(secret)).isEqualTo("first");
    }

    @Test
    void aCurrentSecretIsNotRetiredByARetirementEvent() {
        String secret = newSecret();
        directory.on(created("first", secret));
        directory.on(new ApiKeyPreviousSecretRetiredEvent("first", "org-1", ApiKeyFormat.sha256Hex(secret)));

        assertThat(keyBehind(secret)).isEqualTo("first");
    }

    @Test
    void aSecretWhoseGraceHasPassedIsFreeAgain() {
        String old = newSecret();
        directory.on(created("first", old));
        directory.on(rotated("first", newSecret(), old, clock.instant().plus(Duration.ofMinutes(1))));
        clock.advance(Duration.ofMinutes(1));
        directory.on(created("second", old));

        assertThat(keyBehind(old)).isEqualTo("second");
        assertThat(directory.shadowingRefused()).isZero();
    }

    @Test
    void oddEventsAreIgnoredInsteadOfThrown() {
        String secret = newSecret();
        directory.on(new io.keyledger.api.keys.ApiKeyCreatedEvent(null, "org-1", "k", null, null, null,
                ApiKeyFormat.sha256Hex(secret), null, null, null, null, null, false));
        directory.on(new io.keyledger.api.keys.ApiKeyRevokedEvent(null, "org-1", "x"));
        directory.on(new io.keyledger.api.keys.ApiKeyUpdatedEvent(null, "org-1", null, null, null, null, null, null, null));
        directory.on(new ApiKeyRotatedEvent(null, "org-1", null, null, null, null));
        directory.on(new ApiKeyPreviousSecretRetiredEvent(null, "org-1", null));
        assertThat(directory.authenticate(secret)).isEqualTo(new Unauthenticated(Refusal.NOT_FOUND));

        directory.on(new io.keyledger.api.keys.ApiKeyCreatedEvent("k", "org-1", "k", null, null, null,
                ApiKeyFormat.sha256Hex(secret), null, java.util.Arrays.asList("keys:read", null), null,
                new io.keyledger.api.keys.Restrictions(java.util.List.of("x".repeat(300)), null), null, false));
        directory.on(new io.keyledger.api.keys.ApiKeyUpdatedEvent("k", "org-1", null, null, null, null, null, null, null));
        directory.on(new ApiKeyRotatedEvent("k", "org-1", null, null, null, null));
        assertThat(keyBehind(secret)).isEqualTo("k");
    }

    private String keyBehind(String secret) {
        Authentication authentication = directory.authenticate(secret);
        assertThat(authentication).isInstanceOf(Authenticated.class);
        return ((Authenticated) authentication).caller().keyId();
    }

    private void assertRefusalLoggedWithoutTheHash(String refused, String holder, String secret) {
        assertThat(logs.list).hasSize(1);
        String line = logs.list.get(0).getFormattedMessage();
        assertThat(line).contains("key " + refused).contains("key " + holder)
                .doesNotContain(ApiKeyFormat.sha256Hex(secret)).doesNotContain(secret);
    }

    private static ApiKeyRotatedEvent rotated(String keyId, String next, String previous, Instant previousValidUntil) {
        return new ApiKeyRotatedEvent(keyId, "org-1", ApiKeyFormat.sha256Hex(next), ApiKeyFormat.displayPrefix(next),
                ApiKeyFormat.sha256Hex(previous), previousValidUntil);
    }
}
