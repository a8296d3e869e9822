package io.keyledger.command.keys;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyLeakReportedEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.DisabledReason;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.LeakedSecret;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.ReportApiKeyLeakCommand;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.organizations.OrganizationPolicy.LeakAction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The leak rules of a key (DESIGN §9 "Leak response"), one test per rule. */
class LeakRulesTest {

    private static final String ID = "key_1";
    private static final String ORG = "org_1";
    private static final String HASH = "a".repeat(64);
    private static final String NEW_HASH = "b".repeat(64);
    private static final String UNKNOWN_HASH = "f".repeat(64);
    private static final String SOURCE = "https://github.com/acme/app/blob/0123abc/config.yml#L12";
    private static final String REPORTER = "acme scanner";

    private AggregateTestFixture<ApiKey> fixture;
    private final AtomicReference<LeakAction> onLeak = new AtomicReference<>(LeakAction.DISABLE);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        fixture.registerInjectableResource((LeakPolicy) organizationId -> {
            if (!organizationId.equals(ORG)) {
                throw new AssertionError("the policy of another organization was asked: " + organizationId);
            }
            return onLeak.get();
        });
        fixture.registerInjectableResource(io.keyledger.command.FixtureClock.of(fixture));
    }

    private static ApiKeyCreatedEvent created(Instant expiresAt) {
        return new ApiKeyCreatedEvent(ID, ORG, "billing sync", null, new Owner(OwnerType.USER, "u-1"), Environment.LIVE,
                HASH, "kl_live_AbCd", List.of("tasks:read"), RateLimit.NONE, Restrictions.NONE, expiresAt, false);
    }

    private static ReportApiKeyLeakCommand report(String hash) {
        return new ReportApiKeyLeakCommand(ID, hash, SOURCE, REPORTER);
    }

    private static ApiKeyLeakReportedEvent reported(LeakedSecret secret, LeakAction action) {
        return new ApiKeyLeakReportedEvent(ID, ORG, secret, action, SOURCE, REPORTER);
    }

    private ApiKeyRotatedEvent rotatedWithGrace() {
        return new ApiKeyRotatedEvent(ID, ORG, NEW_HASH, "kl_live_XyZw", HASH,
                fixture.currentTime().plus(Duration.ofHours(1)));
    }

    @Test
    void aLeakedCurrentSecretDisablesTheKeyWithReasonLeakedByDefault() {
        fixture.given(created(null))
                .when(report(HASH))
                .expectEvents(reported(LeakedSecret.CURRENT, LeakAction.DISABLE),
                        new ApiKeyDisabledEvent(ID, ORG, DisabledReason.LEAKED));
    }

    @Test
    void theKeyRecordOfALeakDisabledKeySaysLeaked() {
        ApiKey key = new ApiKey();
        key.on(created(null), 0, Instant.EPOCH);
        key.on(new ApiKeyDisabledEvent(ID, ORG, DisabledReason.LEAKED), 2);
        org.assertj.core.api.Assertions.assertThat(key.record().status()).isEqualTo(KeyStatus.DISABLED);
        org.assertj.core.api.Assertions.assertThat(key.record().disabledReason()).isEqualTo(DisabledReason.LEAKED);
        key.on(new ApiKeyEnabledEvent(ID, ORG), 3);
        org.assertj.core.api.Assertions.assertThat(key.record().disabledReason()).isNull();
        key.on(new ApiKeyDisabledEvent(ID, ORG), 4);
        org.assertj.core.api.Assertions.assertThat(key.record().disabledReason()).isEqualTo(DisabledReason.MANUAL);
    }

    @Test
    void revokeRevokesTheKeyWhoseCurrentSecretLeaked() {
        onLeak.set(LeakAction.REVOKE);
        fixture.given(created(null))
                .when(report(HASH))
                .expectEvents(reported(LeakedSecret.CURRENT, LeakAction.REVOKE), new ApiKeyRevokedEvent(ID, ORG, "leaked"));
    }

    @Test
    void notifyOnlyRecordsTheReport() {
        onLeak.set(LeakAction.NOTIFY);
        fixture.given(created(null))
                .when(report(HASH))
                .expectEvents(reported(LeakedSecret.CURRENT, LeakAction.NOTIFY));
    }

    @Test
    void aLeakedPreviousSecretInGraceIsRetiredAndTheCurrentOneGoesOn() {
        fixture.given(created(null))
                .andGiven(rotatedWithGrace())
                .when(report(HASH))
                .expectEvents(reported(LeakedSecret.PREVIOUS, LeakAction.DISABLE),
                        new ApiKeyPreviousSecretRetiredEvent(ID, ORG, HASH));
    }

    @Test
    void revokeAlsoOnlyRetiresALeakedPreviousSecret() {
        onLeak.set(LeakAction.REVOKE);
        fixture.given(created(null))
                .andGiven(rotatedWithGrace())
                .when(report(HASH))
                .expectEvents(reported(LeakedSecret.PREVIOUS, LeakAction.REVOKE),
                        new ApiKeyPreviousSecretRetiredEvent(ID, ORG, HASH));
    }

    @Test
    void aSecretTheKeyNoLongerAcceptsChangesNothing() {
        fixture.given(created(null), new ApiKeyRotatedEvent(ID, ORG, NEW_HASH, "kl_live_XyZw", HASH, null))
                .when(report(HASH))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aHashTheKeyNeverHeldChangesNothing() {
        fixture.given(created(null))
                .when(report(UNKNOWN_HASH))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRevokedKeyIsNotTouched() {
        fixture.given(created(null), new ApiKeyRevokedEvent(ID, ORG, null))
                .when(report(HASH))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anExpiredKeyIsNotTouched() {
        Instant expiry = fixture.currentTime().plus(Duration.ofDays(1));
        fixture.given(created(expiry), new ApiKeyExpiredEvent(ID, ORG, expiry))
                .when(report(HASH))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aKeyPastItsExpiryIsNotTouchedBeforeTheDeadlineFires() {
        Instant expiry = fixture.currentTime().plus(Duration.ofMinutes(1));
        fixture.given(created(expiry))
                .andGivenCurrentTime(expiry.plusSeconds(1))
                .when(report(HASH))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theSameReportAgainChangesNothingEvenAfterTheOwnerEnabledTheKey() {
        fixture.given(created(null), reported(LeakedSecret.CURRENT, LeakAction.DISABLE),
                        new ApiKeyDisabledEvent(ID, ORG, DisabledReason.LEAKED), new ApiKeyEnabledEvent(ID, ORG))
                .when(report(HASH))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aReportFromAnotherSourceIsRecordedAgain() {
        fixture.given(created(null), reported(LeakedSecret.CURRENT, LeakAction.DISABLE),
                        new ApiKeyDisabledEvent(ID, ORG, DisabledReason.LEAKED), new ApiKeyEnabledEvent(ID, ORG))
                .when(new ReportApiKeyLeakCommand(ID, HASH, "https://pastebin.example/abc", null))
                .expectEvents(new ApiKeyLeakReportedEvent(ID, ORG, LeakedSecret.CURRENT, LeakAction.DISABLE,
                                "https://pastebin.example/abc", null),
                        new ApiKeyDisabledEvent(ID, ORG, DisabledReason.LEAKED));
    }

    @Test
    void aKeyDisabledByHandIsRecordedAndStaysDisabledAsItWas() {
        fixture.given(created(null), new ApiKeyDisabledEvent(ID, ORG))
                .when(report(HASH))
                .expectEvents(reported(LeakedSecret.CURRENT, LeakAction.DISABLE));
    }

    @Test
    void theNewSecretAfterARotationIsNewsAtAnAlreadyReportedSource() {
        fixture.given(created(null), reported(LeakedSecret.CURRENT, LeakAction.NOTIFY),
                        new ApiKeyRotatedEvent(ID, ORG, NEW_HASH, "kl_live_XyZw", HASH, null))
                .when(report(NEW_HASH))
                .expectEvents(reported(LeakedSecret.CURRENT, LeakAction.DISABLE),
                        new ApiKeyDisabledEvent(ID, ORG, DisabledReason.LEAKED));
    }

    @Test
    void aSourceThatIsNotAnHttpUrlIsRefused() {
        fixture.given(created(null))
                .when(new ReportApiKeyLeakCommand(ID, HASH, "javascript:alert(1)", null))
                .expectException(InvalidFieldException.class)
                .expectNoEvents();
    }
}
