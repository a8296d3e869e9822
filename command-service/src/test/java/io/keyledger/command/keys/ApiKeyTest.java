package io.keyledger.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyExpiryWarningIssuedEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.CreateApiKeyCommand;
import io.keyledger.api.keys.DisableApiKeyCommand;
import io.keyledger.api.keys.EnableApiKeyCommand;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.keys.RevokeApiKeyCommand;
import io.keyledger.api.keys.RotateApiKeyCommand;
import io.keyledger.api.keys.UpdateApiKeyCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per rule of a key's life (DESIGN.md §3), time driven by the fixture. */
class ApiKeyTest {

    private static final String ID = "key_1";
    private static final String ORG = "org_1";
    private static final String HASH = "a".repeat(64);
    private static final String NEW_HASH = "b".repeat(64);
    private static final String NEWER_HASH = "c".repeat(64);
    private static final Owner OWNER = new Owner(OwnerType.USER, "u-1");

    private AggregateTestFixture<ApiKey> fixture;
    private Instant now;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        // no key was used, no organization caps lifetimes (RenewalTest varies both)
        fixture.registerInjectableResource(new RenewalFacts() {
            @Override
            public Instant lastUsed(String keyId) {
                return null;
            }

            @Override
            public Integer maxKeyLifetimeDays(String organizationId) {
                return null;
            }
        });
        // the aggregate reads time from this clock; it follows the fixture's time, which whenTimeElapses moves
        fixture.registerInjectableResource(io.keyledger.command.FixtureClock.of(fixture));
        now = fixture.currentTime();
    }

    private static CreateApiKeyCommand create(Instant expiresAt) {
        return new CreateApiKeyCommand(ID, ORG, "billing sync", "syncs invoices", OWNER, Environment.LIVE, HASH,
                "kl_live_AbCd", List.of("tasks:read", "projects:*"), new RateLimit(5, 10, null, 1000, null),
                new Restrictions(List.of("203.0.113.0/24"), List.of("*.example.com")), expiresAt, false);
    }

    private static ApiKeyCreatedEvent created(Instant expiresAt) {
        return new ApiKeyCreatedEvent(ID, ORG, "billing sync", "syncs invoices", OWNER, Environment.LIVE, HASH,
                "kl_live_AbCd", List.of("tasks:read", "projects:*"), new RateLimit(5, 10, null, 1000, null),
                new Restrictions(List.of("203.0.113.0/24"), List.of("*.example.com")), expiresAt, false);
    }

    private static UpdateApiKeyCommand update(Set<String> fields, String name, List<String> permissions, Instant expiresAt) {
        return new UpdateApiKeyCommand(ID, ORG, null, fields, name, null, permissions, null, null, expiresAt);
    }

    @Test
    void creatingAKeyRecordsItsHashAndPrefixAndAnswersTheRecord() {
        fixture.givenNoPriorActivity()
                .when(create(null))
                .expectEvents(created(null))
                .expectNoScheduledDeadlines()
                .expectResultMessagePayloadMatching(new org.hamcrest.CustomTypeSafeMatcher<KeyState>("active key at version 0") {
                    @Override
                    protected boolean matchesSafely(KeyState state) {
                        return state.id().equals(ID) && state.status() == KeyStatus.ACTIVE && state.version() == 0
                                && state.prefix().equals("kl_live_AbCd") && state.createdAt() != null;
                    }
                });
    }

    @Test
    void ownerDefaultsToApplicationAndDuplicatePermissionsCollapse() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiKeyCommand(ID, ORG, "n", null, null, null, HASH, "kl_live_AbCd",
                        List.of("tasks:read", "tasks:read"), null, null, null, false))
                .expectEvents(new ApiKeyCreatedEvent(ID, ORG, "n", null, new Owner(OwnerType.APPLICATION, null),
                        Environment.LIVE, HASH, "kl_live_AbCd", List.of("tasks:read"), RateLimit.NONE,
                        Restrictions.NONE, null, false));
    }

    @Test
    void expiryMustBeInTheFuture() {
        fixture.givenNoPriorActivity()
                .when(create(now.minusSeconds(1)))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage("expires_at: must be in the future");
    }

    @Test
    void anExpiryBeyondTheYear9999IsRefusedOnCreateAndOnChangeAndSchedulesNothing() {
        Instant far = Instant.parse("+292278995-01-01T00:00:00Z");
        fixture.givenNoPriorActivity()
                .when(create(far))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage("expires_at: must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z")
                .expectNoEvents()
                .expectNoScheduledDeadlines();
        fixture.givenCommands(create(null))
                .when(update(Set.of("expires_at"), null, null, far))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage("expires_at: must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z")
                .expectNoEvents();
    }

    @Test
    void nameMustBeOneToHundredPrintableCharacters() {
        for (String bad : new String[] {"", "   ", "x".repeat(101), "tab\there", "bell\u0007"}) {
            fixture.givenNoPriorActivity()
                    .when(new CreateApiKeyCommand(ID, ORG, bad, null, OWNER, Environment.LIVE, HASH, "kl_live_AbCd",
                            List.of(), null, null, null, false))
                    .expectException(InvalidFieldException.class)
                    .expectNoEvents();
        }
        fixture.givenNoPriorActivity()
                .when(new CreateApiKeyCommand(ID, ORG, "Schlüssel für Zahlungen ✓ " + "x".repeat(74), null, OWNER,
                        Environment.LIVE, HASH, "kl_live_AbCd", List.of(), null, null, null, false))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void ownerIdIsBoundedAndPrintable() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiKeyCommand(ID, ORG, "n", null, new Owner(OwnerType.USER, "u".repeat(257)),
                        Environment.LIVE, HASH, "kl_live_AbCd", List.of(), null, null, null, false))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith("owner.id"));
    }

    @Test
    void permissionsMustParse() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiKeyCommand(ID, ORG, "n", null, OWNER, Environment.LIVE, HASH, "kl_live_AbCd",
                        List.of("tasks:read", "Tasks read"), null, null, null, false))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith("permissions[1]"));
    }

    @Test
    void ipAllowlistTakesIpv4AndIpv6CidrBlocksOnly() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiKeyCommand(ID, ORG, "n", null, OWNER, Environment.LIVE, HASH, "kl_live_AbCd",
                        List.of(), null, new Restrictions(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7"),
                        List.of("API.example.com")), null, false))
                .expectEvents(new ApiKeyCreatedEvent(ID, ORG, "n", null, OWNER, Environment.LIVE, HASH, "kl_live_AbCd",
                        List.of(), RateLimit.NONE, new Restrictions(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7/32"),
                        List.of("api.example.com")), null, false));
        for (String bad : new String[] {"10.0.0.0/33", "300.1.1.1", "example.com", "2001:db8::/129", "10.0.0.0/x"}) {
            fixture.givenNoPriorActivity()
                    .when(new CreateApiKeyCommand(ID, ORG, "n", null, OWNER, Environment.LIVE, HASH, "kl_live_AbCd",
                            List.of(), null, new Restrictions(List.of(bad), List.of()), null, false))
                    .expectException(InvalidFieldException.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.startsWith("restrictions.ip_allowlist[0]"));
        }
    }

    @Test
    void rateLimitsMustBePositive() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiKeyCommand(ID, ORG, "n", null, OWNER, Environment.LIVE, HASH, "kl_live_AbCd",
                        List.of(), new RateLimit(null, null, 0, null, null), null, null, false))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith("rate_limit.per_minute"));
    }

    @Test
    void keyWithExpirySchedulesExpiryAndTheWarningThirtyDaysBefore() {
        Instant expiresAt = now.plus(Duration.ofDays(90));
        fixture.givenNoPriorActivity()
                .when(create(expiresAt))
                .expectScheduledDeadlineWithName(Duration.ofDays(90), ApiKey.EXPIRY_DEADLINE)
                .expectScheduledDeadlineWithName(Duration.ofDays(60), ApiKey.WARNING_DEADLINE);
    }

    @Test
    void warningIsIssuedThirtyDaysBeforeExpiry() {
        Instant expiresAt = now.plus(Duration.ofDays(90));
        fixture.givenCommands(create(expiresAt))
                .whenTimeElapses(Duration.ofDays(60))
                .expectEvents(new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt));
    }

    @Test
    void keyExpiringWithinThirtyDaysIsWarnedAtOnceWithTheTightestNoticeThatApplies() {
        Instant expiresAt = now.plus(Duration.ofDays(3));
        fixture.givenCommands(create(expiresAt))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectEvents(new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 7));
    }

    @Test
    void keyExpiresWhenItsExpiryPasses() {
        Instant expiresAt = now.plus(Duration.ofDays(90));
        fixture.givenCommands(create(expiresAt))
                .whenTimeElapses(Duration.ofDays(90))
                .expectEvents(new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 30),
                        new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 7),
                        new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 1),
                        new ApiKeyExpiredEvent(ID, ORG, expiresAt));
    }

    @Test
    void changedExpiryMakesTheEarlierDeadlinesStale() {
        Instant first = now.plus(Duration.ofDays(40));
        Instant later = now.plus(Duration.ofDays(400));
        fixture.givenCommands(create(first), update(Set.of("expires_at"), null, null, later))
                .whenTimeElapses(Duration.ofDays(41))
                .expectNoEvents();
    }

    @Test
    void clearingTheExpiryCancelsExpiry() {
        fixture.givenCommands(create(now.plus(Duration.ofDays(40))), update(Set.of("expires_at"), null, null, null))
                .whenTimeElapses(Duration.ofDays(41))
                .expectNoEvents();
    }

    @Test
    void revokedKeyNeitherWarnsNorExpires() {
        fixture.givenCommands(create(now.plus(Duration.ofDays(40))), new RevokeApiKeyCommand(ID, ORG, "leaked"))
                .whenTimeElapses(Duration.ofDays(41))
                .expectNoEvents();
    }

    @Test
    void updateRecordsTheFullNewSettingsAndWhatChanged() {
        fixture.given(created(null))
                .when(update(Set.of("name", "permissions"), "renamed", List.of("tasks:read", "projects:*"), null))
                .expectEvents(new ApiKeyUpdatedEvent(ID, ORG, Set.of("name"), "renamed", "syncs invoices",
                        List.of("tasks:read", "projects:*"), new RateLimit(5, 10, null, 1000, null),
                        new Restrictions(List.of("203.0.113.0/24"), List.of("*.example.com")), null));
    }

    @Test
    void updateThatChangesNothingRecordsNothing() {
        fixture.given(created(null))
                .when(update(Set.of("name"), "billing sync", null, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void nullClearsDescriptionRateLimitAndRestrictions() {
        fixture.given(created(null))
                .when(new UpdateApiKeyCommand(ID, ORG, null, Set.of("description", "rate_limit", "restrictions"),
                        null, null, null, null, null, null))
                .expectEvents(new ApiKeyUpdatedEvent(ID, ORG, Set.of("description", "rate_limit", "restrictions"),
                        "billing sync", null, List.of("tasks:read", "projects:*"), RateLimit.NONE, Restrictions.NONE, null));
    }

    @Test
    void staleVersionIsRejected() {
        fixture.given(created(null), new ApiKeyDisabledEvent(ID, ORG))
                .when(new EnableApiKeyCommand(ID, ORG, 0L))
                .expectException(VersionMismatchException.class)
                .expectNoEvents();
    }

    @Test
    void currentVersionIsAccepted() {
        fixture.given(created(null), new ApiKeyDisabledEvent(ID, ORG))
                .when(new EnableApiKeyCommand(ID, ORG, 1L))
                .expectEvents(new ApiKeyEnabledEvent(ID, ORG));
    }

    @Test
    void keyOfAnotherOrganizationIsNotFound() {
        fixture.given(created(null))
                .when(new DisableApiKeyCommand(ID, "org_other", null))
                .expectException(KeyNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void adminScopeReachesEveryOrganization() {
        fixture.given(created(null))
                .when(new DisableApiKeyCommand(ID, null, null))
                .expectEvents(new ApiKeyDisabledEvent(ID, ORG));
    }

    @Test
    void disablingADisabledKeyChangesNothing() {
        fixture.given(created(null), new ApiKeyDisabledEvent(ID, ORG))
                .when(new DisableApiKeyCommand(ID, ORG, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void enablingAnActiveKeyChangesNothing() {
        fixture.given(created(null))
                .when(new EnableApiKeyCommand(ID, ORG, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void rotationWithGraceKeepsThePreviousSecretUntilItsDeadline() {
        fixture.given(created(null))
                .when(new RotateApiKeyCommand(ID, ORG, null, NEW_HASH, "kl_live_NeWw", 3600))
                .expectEvents(new ApiKeyRotatedEvent(ID, ORG, NEW_HASH, "kl_live_NeWw", HASH, now.plusSeconds(3600)))
                .expectScheduledDeadlineWithName(Duration.ofHours(1), ApiKey.GRACE_DEADLINE);
    }

    @Test
    void previousSecretIsRetiredWhenTheGraceEnds() {
        fixture.givenCommands(create(null), new RotateApiKeyCommand(ID, ORG, null, NEW_HASH, "kl_live_NeWw", 2))
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectEvents(new ApiKeyPreviousSecretRetiredEvent(ID, ORG, HASH));
    }

    @Test
    void rotationWithoutGraceEndsThePreviousSecretAtOnce() {
        fixture.given(created(null))
                .when(new RotateApiKeyCommand(ID, ORG, null, NEW_HASH, "kl_live_NeWw", 0))
                .expectEvents(new ApiKeyRotatedEvent(ID, ORG, NEW_HASH, "kl_live_NeWw", HASH, null))
                .expectNoScheduledDeadlines();
    }

    @Test
    void rotationDuringAGracePeriodRetiresTheOlderSecretFirst() {
        fixture.given(created(null), new ApiKeyRotatedEvent(ID, ORG, NEW_HASH, "kl_live_NeWw", HASH, now.plusSeconds(600)))
                .when(new RotateApiKeyCommand(ID, ORG, null, NEWER_HASH, "kl_live_NeWr", 60))
                .expectEvents(new ApiKeyPreviousSecretRetiredEvent(ID, ORG, HASH),
                        new ApiKeyRotatedEvent(ID, ORG, NEWER_HASH, "kl_live_NeWr", NEW_HASH, now.plusSeconds(60)));
    }

    @Test
    void staleGraceDeadlineDoesNothing() {
        fixture.givenCommands(create(null),
                        new RotateApiKeyCommand(ID, ORG, null, NEW_HASH, "kl_live_NeWw", 60),
                        new RotateApiKeyCommand(ID, ORG, null, NEWER_HASH, "kl_live_NeWr", 0))
                .whenTimeElapses(Duration.ofSeconds(61))
                .expectNoEvents();
    }

    @Test
    void gracePeriodIsAtMostSevenDays() {
        fixture.given(created(null))
                .when(new RotateApiKeyCommand(ID, ORG, null, NEW_HASH, "kl_live_NeWw", 604_801))
                .expectException(InvalidFieldException.class)
                .expectNoEvents();
        fixture.given(created(null))
                .when(new RotateApiKeyCommand(ID, ORG, null, NEW_HASH, "kl_live_NeWw", 604_800))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void revokedKeyCannotBeRotated() {
        fixture.given(created(null), new ApiKeyRevokedEvent(ID, ORG, null))
                .when(new RotateApiKeyCommand(ID, ORG, null, NEW_HASH, "kl_live_NeWw", 0))
                .expectException(KeyLifecycleException.class)
                .expectNoEvents();
    }

    @Test
    void revokedKeyCannotBeChangedDisabledOrEnabled() {
        fixture.given(created(null), new ApiKeyRevokedEvent(ID, ORG, null))
                .when(update(Set.of("name"), "x", null, null))
                .expectException(KeyLifecycleException.class);
        fixture.given(created(null), new ApiKeyRevokedEvent(ID, ORG, null))
                .when(new DisableApiKeyCommand(ID, ORG, null))
                .expectException(KeyLifecycleException.class);
        fixture.given(created(null), new ApiKeyRevokedEvent(ID, ORG, null))
                .when(new EnableApiKeyCommand(ID, ORG, null))
                .expectException(KeyLifecycleException.class);
    }

    @Test
    void revokingTwiceChangesNothing() {
        fixture.given(created(null), new ApiKeyRevokedEvent(ID, ORG, "leaked"))
                .when(new RevokeApiKeyCommand(ID, ORG, "again"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void revokingRecordsTheReason() {
        fixture.given(created(null))
                .when(new RevokeApiKeyCommand(ID, ORG, "leaked in a log"))
                .expectEvents(new ApiKeyRevokedEvent(ID, ORG, "leaked in a log"));
    }

    @Test
    void expiredKeyCannotBeChangedOrRevoked() {
        Instant expiresAt = now.plusSeconds(10);
        fixture.given(created(expiresAt), new ApiKeyExpiredEvent(ID, ORG, expiresAt))
                .when(new DisableApiKeyCommand(ID, ORG, null))
                .expectException(KeyLifecycleException.class);
        fixture.given(created(expiresAt), new ApiKeyExpiredEvent(ID, ORG, expiresAt))
                .when(new RevokeApiKeyCommand(ID, ORG, null))
                .expectException(KeyLifecycleException.class);
    }

    @Test
    void keyPastItsExpiryIsExpiredEvenBeforeTheDeadlineFires() {
        // the event says it expires "now": by the time the command runs it has passed
        fixture.given(created(now))
                .when(new RotateApiKeyCommand(ID, ORG, null, NEW_HASH, "kl_live_NeWw", 0))
                .expectException(KeyLifecycleException.class);
    }

    @Test
    void newSecretMustDifferFromTheCurrentOne() {
        fixture.given(created(null))
                .when(new RotateApiKeyCommand(ID, ORG, null, HASH, "kl_live_AbCd", 0))
                .expectException(InvalidFieldException.class);
    }
}
