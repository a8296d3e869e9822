package io.keyledger.command.keys;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyExpiryWarningIssuedEvent;
import io.keyledger.api.keys.ApiKeyRenewedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.AutoRenew;
import io.keyledger.api.keys.CreateApiKeyCommand;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.keys.RevokeApiKeyCommand;
import io.keyledger.api.keys.UpdateApiKeyCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Expiry notices (30, 7, 1 day) and auto_renew, one test per rule, time driven by the fixture. */
class RenewalTest {

    private static final String ID = "key_1";
    private static final String ORG = "org_1";
    private static final Owner OWNER = new Owner(OwnerType.USER, "u-1");
    private static final List<String> PERMISSIONS = List.of("tasks:read");

    private AggregateTestFixture<ApiKey> fixture;
    private Instant now;
    private Instant lastUsed;
    private Integer maxLifetimeDays;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        fixture.registerInjectableResource(io.keyledger.command.FixtureClock.of(fixture));
        fixture.registerInjectableResource(new RenewalFacts() {
            @Override
            public Instant lastUsed(String keyId) {
                return lastUsed;
            }

            @Override
            public Integer maxKeyLifetimeDays(String organizationId) {
                return maxLifetimeDays;
            }
        });
        now = fixture.currentTime();
    }

    private static CreateApiKeyCommand create(Instant expiresAt, AutoRenew autoRenew) {
        return new CreateApiKeyCommand(ID, ORG, "renewing", null, OWNER, Environment.LIVE, "a".repeat(64),
                "kl_live_AbCd", PERMISSIONS, null, null, expiresAt, false, autoRenew);
    }

    private static ApiKeyUpdatedEvent renewedSettings(Instant expiresAt, AutoRenew autoRenew) {
        return new ApiKeyUpdatedEvent(ID, ORG, Set.of("expires_at"), "renewing", null, PERMISSIONS, RateLimit.NONE,
                Restrictions.NONE, expiresAt, autoRenew);
    }

    @Test
    void noticesComeThirtySevenAndOneDayBeforeExpiryEachOnce() {
        Instant expiresAt = now.plus(Duration.ofDays(100));
        fixture.givenCommands(create(expiresAt, null))
                .whenTimeElapses(Duration.ofDays(99).plusHours(12))
                .expectEvents(new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 30),
                        new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 7),
                        new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 1));
    }

    @Test
    void theThreeNoticesAreScheduled() {
        fixture.givenNoPriorActivity()
                .when(create(now.plus(Duration.ofDays(100)), null))
                .expectScheduledDeadline(Duration.ofDays(70), new ApiKey.ExpiryWarningDue(now.plus(Duration.ofDays(100)), 30))
                .expectScheduledDeadline(Duration.ofDays(93), new ApiKey.ExpiryWarningDue(now.plus(Duration.ofDays(100)), 7))
                .expectScheduledDeadline(Duration.ofDays(99), new ApiKey.ExpiryWarningDue(now.plus(Duration.ofDays(100)), 1));
    }

    @Test
    void aNoticeAlreadyGivenForThisExpiryIsNotRepeated() {
        Instant expiresAt = now.plus(Duration.ofDays(100));
        fixture.givenCommands(create(expiresAt, null))
                .andGiven(new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 30))
                .whenTimeElapses(Duration.ofDays(71))
                .expectNoEvents();
    }

    @Test
    void aChangedExpiryRePlansTheNotices() {
        Instant first = now.plus(Duration.ofDays(100));
        Instant later = now.plus(Duration.ofDays(200));
        fixture.givenCommands(create(first, null),
                        new UpdateApiKeyCommand(ID, ORG, null, Set.of("expires_at"), null, null, null, null, null, later))
                .whenTimeElapses(Duration.ofDays(171))
                .expectEvents(new ApiKeyExpiryWarningIssuedEvent(ID, ORG, later, 30));
    }

    @Test
    void aQualifyingKeyIsRenewedAtTheThirtyDayNoticeByItsPeriod() {
        AutoRenew rule = new AutoRenew(90, null);
        Instant expiresAt = now.plus(Duration.ofDays(31));
        Instant renewed = expiresAt.plus(Duration.ofDays(90));
        fixture.givenCommands(create(expiresAt, rule))
                .whenTimeElapses(Duration.ofDays(1))
                .expectEvents(renewedSettings(renewed, rule), new ApiKeyRenewedEvent(ID, ORG, expiresAt, renewed, 90));
    }

    @Test
    void aRenewedKeyNeitherExpiresNorGetsTheOldNoticesAndIsPlannedAgain() {
        AutoRenew rule = new AutoRenew(90, null);
        Instant expiresAt = now.plus(Duration.ofDays(31));
        Instant renewed = expiresAt.plus(Duration.ofDays(90));
        fixture.givenCommands(create(expiresAt, rule))
                .andGiven(renewedSettings(renewed, rule), new ApiKeyRenewedEvent(ID, ORG, expiresAt, renewed, 90))
                .whenTimeElapses(Duration.ofDays(32))
                .expectNoEvents();
    }

    @Test
    void aKeyUsedRecentlyEnoughIsRenewed() {
        AutoRenew rule = new AutoRenew(30, 7);
        lastUsed = now.plus(Duration.ofHours(1));
        Instant expiresAt = now.plus(Duration.ofDays(31));
        Instant renewed = expiresAt.plus(Duration.ofDays(30));
        fixture.givenCommands(create(expiresAt, rule))
                .whenTimeElapses(Duration.ofDays(1))
                .expectEvents(renewedSettings(renewed, rule), new ApiKeyRenewedEvent(ID, ORG, expiresAt, renewed, 30));
    }

    @Test
    void aKeyNotUsedWithinTheWindowGetsTheNoticeInstead() {
        AutoRenew rule = new AutoRenew(30, 7);
        lastUsed = now.minus(Duration.ofDays(7));
        Instant expiresAt = now.plus(Duration.ofDays(31));
        fixture.givenCommands(create(expiresAt, rule))
                .whenTimeElapses(Duration.ofDays(1))
                .expectEvents(new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 30));
    }

    @Test
    void aKeyNeverUsedIsNotRenewedWhenUseIsRequired() {
        AutoRenew rule = new AutoRenew(30, 366);
        Instant expiresAt = now.plus(Duration.ofDays(31));
        fixture.givenCommands(create(expiresAt, rule))
                .whenTimeElapses(Duration.ofDays(1))
                .expectEvents(new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 30));
    }

    @Test
    void aKeyUsedLateIsRenewedAtALaterNotice() {
        AutoRenew rule = new AutoRenew(30, 7);
        Instant expiresAt = now.plus(Duration.ofDays(31));
        lastUsed = now.plus(Duration.ofDays(20));
        Instant renewed = expiresAt.plus(Duration.ofDays(30));
        fixture.givenCommands(create(expiresAt, rule))
                .andGiven(new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 30))
                .whenTimeElapses(Duration.ofDays(24))
                .expectEvents(renewedSettings(renewed, rule), new ApiKeyRenewedEvent(ID, ORG, expiresAt, renewed, 30));
    }

    @Test
    void theOrganizationsLifetimeCapsTheRenewal() {
        AutoRenew rule = new AutoRenew(366, null);
        maxLifetimeDays = 60;
        Instant expiresAt = now.plus(Duration.ofDays(31));
        Instant capped = now.plus(Duration.ofDays(1)).plus(Duration.ofDays(60));
        fixture.givenCommands(create(expiresAt, rule))
                .whenTimeElapses(Duration.ofDays(1))
                .expectEvents(renewedSettings(capped, rule), new ApiKeyRenewedEvent(ID, ORG, expiresAt, capped, 366));
    }

    @Test
    void aCapThatLeavesNoRoomMeansTheNotice() {
        AutoRenew rule = new AutoRenew(90, null);
        maxLifetimeDays = 10;
        Instant expiresAt = now.plus(Duration.ofDays(31));
        fixture.givenCommands(create(expiresAt, rule))
                .whenTimeElapses(Duration.ofDays(1))
                .expectEvents(new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 30));
    }

    @Test
    void aRevokedKeyIsNeitherRenewedNorNoticed() {
        fixture.givenCommands(create(now.plus(Duration.ofDays(31)), new AutoRenew(90, null)),
                        new RevokeApiKeyCommand(ID, ORG, "gone"))
                .whenTimeElapses(Duration.ofDays(40))
                .expectNoEvents();
    }

    @Test
    void removingTheRuleStopsRenewal() {
        Instant expiresAt = now.plus(Duration.ofDays(31));
        fixture.givenCommands(create(expiresAt, new AutoRenew(90, null)),
                        new UpdateApiKeyCommand(ID, ORG, null, Set.of("auto_renew"), null, null, null, null, null, null,
                                null, null))
                .whenTimeElapses(Duration.ofDays(31))
                .expectEvents(new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 30),
                        new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 7),
                        new ApiKeyExpiryWarningIssuedEvent(ID, ORG, expiresAt, 1),
                        new ApiKeyExpiredEvent(ID, ORG, expiresAt));
    }

    @Test
    void patchSetsTheRule() {
        fixture.given(new ApiKeyCreatedEvent(ID, ORG, "renewing", null, OWNER, Environment.LIVE, "a".repeat(64),
                        "kl_live_AbCd", PERMISSIONS, RateLimit.NONE, Restrictions.NONE, null, false))
                .when(new UpdateApiKeyCommand(ID, ORG, null, Set.of("auto_renew"), null, null, null, null, null, null,
                        null, new AutoRenew(30, 14)))
                .expectEvents(new ApiKeyUpdatedEvent(ID, ORG, Set.of("auto_renew"), "renewing", null, PERMISSIONS,
                        RateLimit.NONE, Restrictions.NONE, null, new AutoRenew(30, 14)));
    }

    @Test
    void periodIsBounded() {
        for (int bad : new int[] {0, 367, -1}) {
            fixture.givenNoPriorActivity()
                    .when(create(null, new AutoRenew(bad, null)))
                    .expectException(InvalidFieldException.class)
                    .expectExceptionMessage(Matchers.startsWith("auto_renew.period_days"));
        }
    }

    @Test
    void periodIsRequired() {
        fixture.givenNoPriorActivity()
                .when(create(null, new AutoRenew(null, 7)))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage(Matchers.startsWith("auto_renew.period_days"));
    }

    @Test
    void useWindowIsBounded() {
        fixture.givenNoPriorActivity()
                .when(create(null, new AutoRenew(30, 0)))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage(Matchers.startsWith("auto_renew.only_if_used_within_days"));
    }
}
