package io.keyledger.command.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.Authority;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.requests.ApproveKeyRequestCommand;
import io.keyledger.api.requests.ClaimKeyRequestCommand;
import io.keyledger.api.requests.DenyKeyRequestCommand;
import io.keyledger.api.requests.KeyRequestApprovedEvent;
import io.keyledger.api.requests.KeyRequestClaimReleasedEvent;
import io.keyledger.api.requests.KeyRequestClaimedEvent;
import io.keyledger.api.requests.KeyRequestDeniedEvent;
import io.keyledger.api.requests.KeyRequestExpiredEvent;
import io.keyledger.api.requests.KeyRequestSubmittedEvent;
import io.keyledger.api.requests.KeySpec;
import io.keyledger.api.requests.ReleaseKeyRequestClaimCommand;
import io.keyledger.api.requests.SubmitKeyRequestCommand;
import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.command.keys.KeyAuthorityException;
import io.keyledger.command.keys.KeyLifecycleException;
import io.keyledger.command.keys.KeyNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per rule of a key request's life (API.md, "Key requests and approval"; DESIGN §9). */
class KeyRequestTest {

    private static final String ID = "kr_1";
    private static final String ORG = "org_1";
    private static final String REQUESTER = "key_requester";
    private static final String APPROVER = "key_approver";
    private static final KeySpec SPEC = new KeySpec("billing export", null, null, Environment.LIVE,
            List.of("billing:read", "keys:read"), null, null, null);
    /** {@link #SPEC} as the key rules normalize it. */
    private static final KeySpec VALID_SPEC = new KeySpec("billing export", null,
            new io.keyledger.api.keys.Owner(io.keyledger.api.keys.OwnerType.APPLICATION, null), Environment.LIVE,
            List.of("billing:read", "keys:read"), io.keyledger.api.keys.RateLimit.NONE,
            io.keyledger.api.keys.Restrictions.NONE, null);
    private static final Authority APPROVER_AUTHORITY =
            new Authority(List.of("keys:approve", "keys:write", "keys:read"), Environment.LIVE);

    private AggregateTestFixture<KeyRequest> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(KeyRequest.class);
        fixture.registerInjectableResource(io.keyledger.command.FixtureClock.of(fixture));
    }

    private static SubmitKeyRequestCommand submit(List<String> approvalRequiredFor) {
        return new SubmitKeyRequestCommand(ID, ORG, REQUESTER, SPEC, "monthly export", approvalRequiredFor);
    }

    private KeyRequestSubmittedEvent submitted() {
        return new KeyRequestSubmittedEvent(ID, ORG, REQUESTER, VALID_SPEC, "monthly export", true,
                fixture.currentTime().plus(KeyRequest.PENDING_FOR));
    }

    private static ApproveKeyRequestCommand approve(String approver) {
        return new ApproveKeyRequestCommand(ID, ORG, approver, APPROVER_AUTHORITY, "ok for Q3");
    }

    @Test
    void requestUnderThePolicyIsPendingWithItsExpiryDeadline() {
        fixture.givenNoPriorActivity()
                .when(submit(List.of("keys:*")))
                .expectEvents(new KeyRequestSubmittedEvent(ID, ORG, REQUESTER, VALID_SPEC, "monthly export", true,
                        fixture.currentTime().plus(Duration.ofDays(7))))
                .expectScheduledDeadlineWithName(Duration.ofDays(7), KeyRequest.EXPIRY_DEADLINE);
    }

    @Test
    void requestThatAsksNothingUnderThePolicyIsApprovedAtOnce() {
        fixture.givenNoPriorActivity()
                .when(submit(List.of("payments:*")))
                .expectEvents(new KeyRequestSubmittedEvent(ID, ORG, REQUESTER, VALID_SPEC, "monthly export", false, null),
                        new KeyRequestApprovedEvent(ID, ORG, null,
                                "no permission asked needs approval (approval_required_for)", true))
                .expectNoScheduledDeadlines();
    }

    @Test
    void wildcardsOverlapEitherWay() {
        assertThat(KeyRequest.needsApproval(List.of("*:write"), List.of("keys:*"))).isTrue();
        assertThat(KeyRequest.needsApproval(List.of("keys:read"), List.of("*:read"))).isTrue();
        assertThat(KeyRequest.needsApproval(List.of("tasks:read"), List.of("admin:*"))).isTrue();
        assertThat(KeyRequest.needsApproval(List.of("admin:*"), List.of("tasks:write"))).isTrue();
        assertThat(KeyRequest.needsApproval(List.of("tasks:read"), List.of("tasks:write", "keys:*"))).isFalse();
        assertThat(KeyRequest.needsApproval(List.of("tasks:read"), List.of())).isFalse();
    }

    @Test
    void askedSettingsFollowTheKeyRules() {
        fixture.givenNoPriorActivity()
                .when(new SubmitKeyRequestCommand(ID, ORG, REQUESTER, new KeySpec(" ", null, null, null, List.of(),
                        null, null, null), null, List.of()))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage(Matchers.startsWith("name"))
                .expectNoEvents();
    }

    @Test
    void justificationIsBounded() {
        fixture.givenNoPriorActivity()
                .when(new SubmitKeyRequestCommand(ID, ORG, REQUESTER, SPEC, "x".repeat(1001), List.of()))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage(Matchers.startsWith("justification"));
    }

    @Test
    void askedExpiryMustLieAhead() {
        KeySpec past = new KeySpec("n", null, null, null, List.of(), null, null, Instant.parse("2001-01-01T00:00:00Z"));
        fixture.givenNoPriorActivity()
                .when(new SubmitKeyRequestCommand(ID, ORG, REQUESTER, past, null, List.of()))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage(Matchers.startsWith("expires_at"));
    }

    @Test
    void anotherKeyApproves() {
        fixture.given(submitted())
                .when(approve(APPROVER))
                .expectEvents(new KeyRequestApprovedEvent(ID, ORG, APPROVER, "ok for Q3", false));
    }

    @Test
    void theRequesterNeverApprovesItsOwnRequest() {
        fixture.given(submitted())
                .when(approve(REQUESTER))
                .expectException(KeyAuthorityException.class)
                .expectExceptionMessage(Matchers.containsString("four-eyes"))
                .expectNoEvents();
    }

    @Test
    void theRequesterNeverDeniesItsOwnRequest() {
        fixture.given(submitted())
                .when(new DenyKeyRequestCommand(ID, ORG, REQUESTER, "changed my mind"))
                .expectException(KeyAuthorityException.class)
                .expectExceptionMessage(Matchers.containsString("four-eyes"));
    }

    @Test
    void theApproverMustBeAbleToGrantWhatIsAsked() {
        Authority weak = new Authority(List.of("keys:approve", "keys:write"), Environment.LIVE);
        fixture.given(submitted())
                .when(new ApproveKeyRequestCommand(ID, ORG, APPROVER, weak, null))
                .expectException(KeyAuthorityException.class)
                .expectExceptionMessage(Matchers.containsString("keys:read"))
                .expectNoEvents();
    }

    @Test
    void aTestApproverCannotApproveALiveKey() {
        Authority test = new Authority(List.of("admin:*"), Environment.TEST);
        fixture.given(submitted())
                .when(new ApproveKeyRequestCommand(ID, ORG, APPROVER, test, null))
                .expectException(KeyAuthorityException.class)
                .expectExceptionMessage(Matchers.containsString("test key"));
    }

    @Test
    void aRequestOfAnotherOrganizationIsNotFound() {
        fixture.given(submitted())
                .when(new ApproveKeyRequestCommand(ID, "org_other", APPROVER, APPROVER_AUTHORITY, null))
                .expectException(KeyNotFoundException.class);
    }

    @Test
    void anotherKeyDenies() {
        fixture.given(submitted())
                .when(new DenyKeyRequestCommand(ID, ORG, APPROVER, "use the shared export key"))
                .expectEvents(new KeyRequestDeniedEvent(ID, ORG, APPROVER, "use the shared export key"));
    }

    @Test
    void aDecidedRequestIsNotDecidedAgain() {
        fixture.given(submitted(), new KeyRequestDeniedEvent(ID, ORG, APPROVER, null))
                .when(approve(APPROVER))
                .expectException(KeyLifecycleException.class)
                .expectExceptionMessage(Matchers.containsString("denied already"));
    }

    @Test
    void aPendingRequestExpiresAfterSevenDays() {
        fixture.givenCommands(submit(List.of("keys:*")))
                .whenTimeElapses(Duration.ofDays(7))
                .expectEvents(new KeyRequestExpiredEvent(ID, ORG));
    }

    @Test
    void anApprovedRequestDoesNotExpire() {
        fixture.givenCommands(submit(List.of("keys:*")), approve(APPROVER))
                .whenTimeElapses(Duration.ofDays(8))
                .expectNoEvents();
    }

    @Test
    void approvingAnExpiredRequestIsAConflictNamingIt() {
        fixture.given(submitted(), new KeyRequestExpiredEvent(ID, ORG))
                .when(approve(APPROVER))
                .expectException(KeyLifecycleException.class)
                .expectExceptionMessage(Matchers.containsString("expired"))
                .expectNoEvents();
    }

    @Test
    void pastItsSevenDaysARequestIsExpiredEvenBeforeTheDeadlineFired() {
        fixture.given(new KeyRequestSubmittedEvent(ID, ORG, REQUESTER, VALID_SPEC, null, true,
                        fixture.currentTime().minusSeconds(1)))
                .when(approve(APPROVER))
                .expectException(KeyLifecycleException.class)
                .expectExceptionMessage(Matchers.containsString("expired"));
    }

    @Test
    void theRequesterClaimsAnApprovedRequestOnceAndGetsTheSpec() {
        fixture.given(submitted(), new KeyRequestApprovedEvent(ID, ORG, APPROVER, null, false))
                .when(new ClaimKeyRequestCommand(ID, ORG, REQUESTER, "key_new"))
                .expectEvents(new KeyRequestClaimedEvent(ID, ORG, "key_new"))
                .expectResultMessagePayload(VALID_SPEC);
    }

    @Test
    void aSecondClaimIsGone() {
        fixture.given(submitted(), new KeyRequestApprovedEvent(ID, ORG, APPROVER, null, false),
                        new KeyRequestClaimedEvent(ID, ORG, "key_new"))
                .when(new ClaimKeyRequestCommand(ID, ORG, REQUESTER, "key_other"))
                .expectException(KeyRequestGoneException.class)
                .expectNoEvents();
    }

    @Test
    void onlyTheRequesterClaims() {
        fixture.given(submitted(), new KeyRequestApprovedEvent(ID, ORG, APPROVER, null, false))
                .when(new ClaimKeyRequestCommand(ID, ORG, APPROVER, "key_new"))
                .expectException(KeyAuthorityException.class)
                .expectNoEvents();
    }

    @Test
    void aPendingRequestCannotBeClaimed() {
        fixture.given(submitted())
                .when(new ClaimKeyRequestCommand(ID, ORG, REQUESTER, "key_new"))
                .expectException(KeyLifecycleException.class)
                .expectExceptionMessage(Matchers.containsString("pending"));
    }

    @Test
    void aClaimWhoseKeyWasNotCreatedIsReleased() {
        fixture.given(submitted(), new KeyRequestApprovedEvent(ID, ORG, APPROVER, null, false),
                        new KeyRequestClaimedEvent(ID, ORG, "key_new"))
                .when(new ReleaseKeyRequestClaimCommand(ID, "key_new", "quota"))
                .expectEvents(new KeyRequestClaimReleasedEvent(ID, ORG, "key_new", "quota"));
    }

    @Test
    void aReleasedClaimCanBeClaimedAgain() {
        fixture.given(submitted(), new KeyRequestApprovedEvent(ID, ORG, APPROVER, null, false),
                        new KeyRequestClaimedEvent(ID, ORG, "key_new"),
                        new KeyRequestClaimReleasedEvent(ID, ORG, "key_new", "quota"))
                .when(new ClaimKeyRequestCommand(ID, ORG, REQUESTER, "key_newer"))
                .expectEvents(new KeyRequestClaimedEvent(ID, ORG, "key_newer"));
    }
}
