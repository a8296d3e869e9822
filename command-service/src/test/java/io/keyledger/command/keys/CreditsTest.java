package io.keyledger.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyledger.api.credits.ApiKeyCreditLeaseEndedEvent;
import io.keyledger.api.credits.ApiKeyCreditLeaseEndedEvent.End;
import io.keyledger.api.credits.ApiKeyCreditsChangedEvent;
import io.keyledger.api.credits.ApiKeyCreditsLeasedEvent;
import io.keyledger.api.credits.CreditChange;
import io.keyledger.api.credits.CreditCommands;
import io.keyledger.api.credits.CreditCommands.ChangeCredits.Op;
import io.keyledger.api.credits.CreditRefill;
import io.keyledger.api.credits.CreditRefill.Interval;
import io.keyledger.api.credits.Credits;
import io.keyledger.api.credits.LeaseGrant;
import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.CreateApiKeyCommand;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RevokeApiKeyCommand;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Balance, lease and refill rules of a key's credits (API.md, DESIGN §9), one test per rule. */
class CreditsTest {

    private static final String ID = "key_1";
    private static final String ORG = "org_1";
    private static final Owner OWNER = new Owner(OwnerType.USER, "u-1");

    private AggregateTestFixture<ApiKey> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        fixture.registerInjectableResource(io.keyledger.command.FixtureClock.of(fixture));
    }

    private static CreateApiKeyCommand create(Credits credits) {
        return new CreateApiKeyCommand(ID, ORG, "metered", null, OWNER, Environment.LIVE, "a".repeat(64),
                "kl_live_AbCd", List.of("tasks:read"), null, null, null, false, null, credits);
    }

    private static ApiKeyCreatedEvent created() {
        return new ApiKeyCreatedEvent(ID, ORG, "metered", null, OWNER, Environment.LIVE, "a".repeat(64),
                "kl_live_AbCd", List.of("tasks:read"), new io.keyledger.api.keys.RateLimit(null, null, null, null, null),
                new io.keyledger.api.keys.Restrictions(List.of(), List.of()), null, false, null);
    }

    private static ApiKeyCreditsChangedEvent configured(long balance) {
        return new ApiKeyCreditsChangedEvent(ID, ORG, CreditChange.CONFIGURED, balance, balance, null, null, 1);
    }

    private static CreditCommands.LeaseCredits lease(String leaseId, long requested, long minimum) {
        return new CreditCommands.LeaseCredits(ID, leaseId, "validator-1", requested, minimum, 30, null, 0);
    }

    @Test
    void creditsOnCreateSetTheBalance() {
        fixture.givenNoPriorActivity()
                .when(create(new Credits(100L, null)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(created(), configured(100));
    }

    @Test
    void aKeyWithoutCreditsHasNoCreditEvents() {
        fixture.givenNoPriorActivity()
                .when(create(null))
                .expectEvents(created());
    }

    @Test
    void creditsOnCreateWithoutRemainingStartAtTheRefillAmount() {
        CreditRefill refill = new CreditRefill(Interval.DAILY, 50L, null);
        Instant next = CreditRules.nextRefill(refill, fixture.currentTime());
        fixture.givenNoPriorActivity()
                .when(create(new Credits(null, refill)))
                .expectEvents(created(), new ApiKeyCreditsChangedEvent(ID, ORG, CreditChange.CONFIGURED, 50, 50L,
                        refill, next, 1))
                .expectScheduledDeadlineWithName(next, ApiKey.REFILL_DEADLINE);
    }

    @Test
    void aNegativeBalanceIsRefusedNamingTheField() {
        assertThatThrownBy(() -> CreditRules.credits(new Credits(-1L, null), true))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("credits.remaining"));
        fixture.givenNoPriorActivity()
                .when(create(new Credits(Credits.MAX + 1, null)))
                .expectException(InvalidFieldException.class)
                .expectNoEvents();
    }

    @Test
    void aDailyRefillWithADayOfMonthIsRefused() {
        assertThatThrownBy(() -> CreditRules.credits(new Credits(1L, new CreditRefill(Interval.DAILY, 5L, 3)), true))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("credits.refill.day_of_month"));
        assertThatThrownBy(() -> CreditRules.credits(new Credits(1L, new CreditRefill(Interval.MONTHLY, 5L, 32)), true))
                .isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> CreditRules.credits(new Credits(1L, new CreditRefill(Interval.MONTHLY, 0L, 1)), true))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("credits.refill.amount"));
    }

    @Test
    void addRaisesTheBalanceAndKeepsTheEpoch() {
        fixture.given(created(), configured(10))
                .when(new CreditCommands.ChangeCredits(ID, null, null, null, Op.ADD, 5L))
                .expectEvents(new ApiKeyCreditsChangedEvent(ID, ORG, CreditChange.ADDED, 5, 15L, null, null, 1));
    }

    @Test
    void addToAKeyWithoutCreditsIsAConflict() {
        fixture.given(created())
                .when(new CreditCommands.ChangeCredits(ID, null, null, null, Op.ADD, 5L))
                .expectException(KeyLifecycleException.class)
                .expectNoEvents();
    }

    @Test
    void setVoidsOpenLeasesAndStartsANewEpoch() {
        Instant until = fixture.currentTime().plusSeconds(30);
        fixture.given(created(), configured(100),
                        new ApiKeyCreditsLeasedEvent(ID, ORG, "l1", "validator-1", 25, 75, until, 1, 25))
                .when(new CreditCommands.ChangeCredits(ID, null, null, null, Op.SET, 40L))
                .expectEvents(new ApiKeyCreditLeaseEndedEvent(ID, ORG, "l1", End.VOIDED, 0, 25, 75L, 0, 25, 25),
                        new ApiKeyCreditsChangedEvent(ID, ORG, CreditChange.SET, 40, 40L, null, null, 2));
    }

    @Test
    void changingCreditsOfARevokedKeyIsAConflict() {
        fixture.given(created(), configured(10))
                .andGivenCommands(new RevokeApiKeyCommand(ID, null, null))
                .when(new CreditCommands.ChangeCredits(ID, null, null, null, Op.SET, 5L))
                .expectException(KeyLifecycleException.class);
    }

    @Test
    void aLeaseTakesAtMostAQuarterOfTheBalance() {
        Instant until = fixture.currentTime().plusSeconds(30);
        fixture.given(created(), configured(1000))
                .when(lease("l1", 500, 1))
                .expectEvents(new ApiKeyCreditsLeasedEvent(ID, ORG, "l1", "validator-1", 250, 750, until, 1, 250))
                .expectResultMessagePayload(new LeaseGrant("l1", 250, 750L, until, 1, null))
                .expectScheduledDeadlineWithName(until, ApiKey.LEASE_DEADLINE);
    }

    @Test
    void blocksShrinkToOneCreditAsTheBalanceDoes() {
        assertThat(CreditRules.grant(3, 100, 1)).isEqualTo(1);
        assertThat(CreditRules.grant(1, 100, 1)).isEqualTo(1);
        assertThat(CreditRules.grant(0, 100, 1)).isZero();
        assertThat(CreditRules.grant(40, 100, 1)).isEqualTo(10);
        assertThat(CreditRules.grant(40, 3, 1)).isEqualTo(3);
        // the cost waiting for it is granted whole, if the balance has it
        assertThat(CreditRules.grant(40, 1, 20)).isEqualTo(20);
        assertThat(CreditRules.grant(19, 1, 20)).isZero();
    }

    @Test
    void aLeaseTheBalanceCannotCoverGrantsNothing() {
        fixture.given(created(), configured(2))
                .when(lease("l1", 10, 3))
                .expectNoEvents()
                .expectResultMessagePayload(new LeaseGrant(null, 0, 2L, null, 1, null));
    }

    @Test
    void anUnlimitedKeyGrantsNoLease() {
        fixture.given(created())
                .when(lease("l1", 10, 1))
                .expectNoEvents()
                .expectResultMessagePayload(new LeaseGrant(null, 0, null, null, 0, null));
    }

    @Test
    void aRetriedLeaseAnswersTheSameBlockOnce() {
        Instant until = fixture.currentTime().plusSeconds(30);
        fixture.given(created(), configured(100),
                        new ApiKeyCreditsLeasedEvent(ID, ORG, "l1", "validator-1", 25, 75, until, 1, 25))
                .when(lease("l1", 25, 1))
                .expectNoEvents()
                .expectResultMessagePayload(new LeaseGrant("l1", 25, 75L, until, 1, null));
    }

    @Test
    void aReturnGivesBackWhatWasNotSpent() {
        Instant until = fixture.currentTime().plusSeconds(30);
        fixture.given(created(), configured(100),
                        new ApiKeyCreditsLeasedEvent(ID, ORG, "l1", "validator-1", 25, 75, until, 1, 25))
                .when(new CreditCommands.ReturnCredits(ID, "l1", 5))
                .expectEvents(new ApiKeyCreditLeaseEndedEvent(ID, ORG, "l1", End.RETURNED, 5, 20, 80L, 0, 20, 20));
    }

    @Test
    void aReturnOfMoreThanTheLeaseIsRefused() {
        Instant until = fixture.currentTime().plusSeconds(30);
        fixture.given(created(), configured(100),
                        new ApiKeyCreditsLeasedEvent(ID, ORG, "l1", "validator-1", 25, 75, until, 1, 25))
                .when(new CreditCommands.ReturnCredits(ID, "l1", 26))
                .expectException(InvalidFieldException.class)
                .expectNoEvents();
    }

    @Test
    void aNewLeaseGivesBackThePreviousOneFirst() {
        Instant until = fixture.currentTime().plusSeconds(30);
        fixture.given(created(), configured(100),
                        new ApiKeyCreditsLeasedEvent(ID, ORG, "l1", "validator-1", 25, 75, until, 1, 25))
                .when(new CreditCommands.LeaseCredits(ID, "l2", "validator-1", 10, 1, 30, "l1", 4))
                .expectEvents(new ApiKeyCreditLeaseEndedEvent(ID, ORG, "l1", End.RETURNED, 4, 21, 79L, 0, 21, 21),
                        new ApiKeyCreditsLeasedEvent(ID, ORG, "l2", "validator-1", 10, 69, until, 1, 10));
    }

    @Test
    void aLeaseNotGivenBackInTimeCountsAsSpentAndAReturnAfterItChangesNothing() {
        fixture.given(created(), configured(100))
                .andGivenCommands(lease("l1", 25, 1))
                .whenTimeElapses(Duration.ofSeconds(31))
                .expectEvents(new ApiKeyCreditLeaseEndedEvent(ID, ORG, "l1", End.TIMED_OUT, 0, 25, 75L, 0, 25, 25));
        fixture.given(created(), configured(100),
                        new ApiKeyCreditsLeasedEvent(ID, ORG, "l1", "validator-1", 25, 75, fixture.currentTime(), 1, 25),
                        new ApiKeyCreditLeaseEndedEvent(ID, ORG, "l1", End.TIMED_OUT, 0, 25, 75L, 0, 25, 25))
                .when(new CreditCommands.ReturnCredits(ID, "l1", 25))
                .expectNoEvents();
    }

    @Test
    void aDailyRefillSetsTheBalanceAtMidnightUtc() {
        CreditRefill refill = new CreditRefill(Interval.DAILY, 50L, null);
        Instant start = fixture.currentTime();
        Instant midnight = LocalDate.ofInstant(start, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        fixture.givenNoPriorActivity()
                .andGivenCommands(create(new Credits(7L, refill)),
                        new CreditCommands.ChangeCredits(ID, null, null, null, Op.ADD, 3L))
                .whenThenTimeElapses(Duration.between(start, midnight).plusSeconds(1))
                // it SETS the balance (10 left does not carry)
                .expectEvents(new ApiKeyCreditsChangedEvent(ID, ORG, CreditChange.REFILLED, 50, 50L, refill,
                        midnight.plus(Duration.ofDays(1)), 2))
                .expectScheduledDeadlineWithName(midnight.plus(Duration.ofDays(1)), ApiKey.REFILL_DEADLINE);
    }

    @Test
    void aRefillVoidsOpenLeases() {
        CreditRefill refill = new CreditRefill(Interval.DAILY, 50L, null);
        Instant midnight = LocalDate.ofInstant(fixture.currentTime(), ZoneOffset.UTC).plusDays(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC);
        Instant start = midnight.minusSeconds(10);
        fixture.givenCurrentTime(start)
                .andGivenCommands(create(new Credits(40L, refill)),
                        new CreditCommands.LeaseCredits(ID, "l1", "validator-1", 10, 1, 600, null, 0))
                .whenThenTimeElapses(Duration.ofSeconds(11))
                .expectEvents(new ApiKeyCreditLeaseEndedEvent(ID, ORG, "l1", End.VOIDED, 0, 10, 30L, 0, 10, 10),
                        new ApiKeyCreditsChangedEvent(ID, ORG, CreditChange.REFILLED, 50, 50L, refill,
                                midnight.plus(Duration.ofDays(1)), 2));
    }

    @Test
    void aMonthlyRefillOnTheThirtyFirstFallsOnTheLastDayOfShortMonths() {
        CreditRefill refill = new CreditRefill(Interval.MONTHLY, 5L, 31);
        assertThat(CreditRules.nextRefill(refill, Instant.parse("2027-02-10T12:00:00Z")))
                .isEqualTo(Instant.parse("2027-02-28T00:00:00Z"));
        assertThat(CreditRules.nextRefill(refill, Instant.parse("2028-02-10T12:00:00Z")))
                .isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
        assertThat(CreditRules.nextRefill(refill, Instant.parse("2027-02-28T00:00:00Z")))
                .isEqualTo(Instant.parse("2027-03-31T00:00:00Z"));
        assertThat(CreditRules.nextRefill(new CreditRefill(Interval.MONTHLY, 5L, null),
                Instant.parse("2027-12-15T00:00:00Z"))).isEqualTo(Instant.parse("2028-01-01T00:00:00Z"));
        assertThat(CreditRules.nextRefill(new CreditRefill(Interval.DAILY, 5L, null),
                Instant.parse("2027-12-31T23:59:59Z"))).isEqualTo(Instant.parse("2028-01-01T00:00:00Z"));
    }

    /**
     * Whatever the order of leases and returns of many holders, the credits handed out never exceed
     * the balance given, and balance + open leases + consumed always equal it.
     */
    @Test
    void leasesNeverHandOutMoreThanTheBalance() {
        Random random = new Random(16);
        for (int round = 0; round < 50; round++) {
            long total = 1 + random.nextInt(2000);
            long balance = total;
            long consumed = 0;
            List<long[]> open = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                if (!open.isEmpty() && random.nextBoolean()) {
                    long[] lease = open.remove(random.nextInt(open.size()));
                    long unspent = random.nextInt((int) lease[0] + 1);
                    balance += unspent;
                    consumed += lease[0] - unspent;
                } else {
                    long granted = CreditRules.grant(balance, 1 + random.nextInt(500), 1 + random.nextInt(3));
                    assertThat(granted).isBetween(0L, balance);
                    balance -= granted;
                    if (granted > 0) {
                        open.add(new long[]{granted});
                    }
                }
                long out = open.stream().mapToLong(l -> l[0]).sum();
                assertThat(balance + out + consumed).isEqualTo(total);
            }
        }
    }

    @Test
    void spentTodayAndThisMonthAddUpEndedLeasesAndStartAgainOnANewDay() {
        Instant start = LocalDate.ofInstant(fixture.currentTime(), ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1)
                .atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3600);
        fixture.givenCurrentTime(start)
                .andGivenCommands(create(new Credits(1000L, null)),
                        lease("l1", 100, 1), new CreditCommands.ReturnCredits(ID, "l1", 60),
                        lease("l2", 100, 1))
                .when(new CreditCommands.ReturnCredits(ID, "l2", 0))
                // l1 consumed 40 (100 - 60), l2 (a quarter of 1000 - 40 = 240, capped at 100 asked) all 100
                .expectEvents(new ApiKeyCreditLeaseEndedEvent(ID, ORG, "l2", End.RETURNED, 0, 100, 860L, 0, 140, 140));
        KeyCredits credits = new KeyCredits();
        credits.on(new ApiKeyCreditLeaseEndedEvent(ID, ORG, "l1", End.RETURNED, 0, 5, 10L, 0, 7, 9), start);
        assertThat(credits.spentAfter(3, start.plusSeconds(60))).containsExactly(10, 12);
        assertThat(credits.spentAfter(3, start.plus(Duration.ofDays(1)))).containsExactly(3, 12);
        assertThat(credits.spentAfter(3, start.plus(Duration.ofDays(40)))).containsExactly(3, 3);
    }
}
