package io.keyledger.command.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyledger.api.EventMetadata;
import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Key requests over real HTTP: statuses, problems and the audit trail of each step. */
class KeyRequestWebTest extends CommandServiceTest {

    @Autowired
    EventStore eventStore;

    private String org;
    private Http requester;
    private Http approver;
    private Http writer;

    @BeforeEach
    void organizationThatWantsApprovalForPlatformPermissions() {
        org = registerOrganization("approvals " + System.nanoTime(), "professional");
        Http.Answer policy = admin().patch("/v1/organizations/" + org,
                "{\"policy\":{\"approval_required_for\":[\"keys:*\",\"billing:*\"]}}");
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        requester = clientWith(org, "tasks:read");
        approver = clientWith(org, "keys:approve", "keys:read", "billing:*");
        writer = clientWith(org, "keys:write");
    }

    private static final String ASK = """
            {"name":"billing export","permissions":["billing:read","keys:read"],
             "justification":"monthly export to accounting"}""";

    private String submitPending() {
        Http.Answer submitted = requester.post("/v1/key-requests", ASK);
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        assertThat(submitted.json().get("status").asText()).isEqualTo("pending");
        return submitted.json().get("id").asText();
    }


    @Test
    void requestApproveClaimOnceThenGone() {
        String id = submitPending();
        Http.Answer own = requester.get("/v1/key-requests/" + id);
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().get("justification").asText()).isEqualTo("monthly export to accounting");
        assertThat(own.json().get("pending_until").isNull()).isFalse();

        assertProblem(requester.post("/v1/key-requests/" + id + "/approve", "{}"), 403, "keys:approve");
        assertProblem(requester.post("/v1/key-requests/" + id + "/claim", null), 409, "pending");

        Http.Answer approved = approver.post("/v1/key-requests/" + id + "/approve", "{\"note\":\"ok for Q3\"}");
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("approved");
        assertThat(approved.json().get("note").asText()).isEqualTo("ok for Q3");
        String approverId = approved.json().get("decided_by").asText();
        assertThat(approverId).startsWith("key_").isNotEqualTo(own.json().get("requester_key_id").asText());

        assertProblem(approver.post("/v1/key-requests/" + id + "/claim", null), 403, "only the key that asked");
        Http.Answer claimed = requester.post("/v1/key-requests/" + id + "/claim", null);
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        String key = claimed.json().get("key").asText();
        assertThat(key).startsWith("kl_live_");
        assertThat(claimed.json().get("permissions").toString()).contains("billing:read", "keys:read");
        assertThat(claimed.json().get("organization_id").asText()).isEqualTo(org);
        assertThat(claimed.json().get("request_id").asText()).isEqualTo(id);

        assertProblem(requester.post("/v1/key-requests/" + id + "/claim", null), 410, "claimed already");
        Http.Answer after = approver.get("/v1/key-requests/" + id);
        assertThat(after.json().get("status").asText()).isEqualTo("claimed");
        assertThat(after.json().get("key_id").asText()).isEqualTo(claimed.json().get("id").asText());

        // every step in the request's history, with its actor and note; the value nowhere
        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(id).asStream().toList();
        assertThat(events).extracting(e -> e.getPayloadType().getSimpleName())
                .containsExactly("KeyRequestSubmittedEvent", "KeyRequestApprovedEvent", "KeyRequestClaimedEvent");
        assertThat(events.get(1).getMetaData().get(EventMetadata.ACTOR)).isEqualTo(approverId);
        assertThat(events.get(2).getMetaData().get(EventMetadata.ACTOR)).isEqualTo(own.json().get("requester_key_id").asText());
        assertThat(events.toString()).doesNotContain(key);
    }

    @Test
    void theRequesterCannotApproveItsOwnRequestEvenWithKeysApprove() {
        Http both = clientWith(org, "keys:approve", "keys:read", "billing:*");
        Http.Answer submitted = both.post("/v1/key-requests", ASK);
        String id = submitted.json().get("id").asText();
        assertProblem(both.post("/v1/key-requests/" + id + "/approve", "{}"), 403, "four-eyes");
        assertProblem(both.post("/v1/key-requests/" + id + "/deny", "{}"), 403, "four-eyes");
        assertThat(both.get("/v1/key-requests/" + id).json().get("status").asText()).isEqualTo("pending");
    }

    @Test
    void theApproverMustBeAbleToGrantWhatIsAsked() {
        String id = submitPending();
        Http weak = clientWith(org, "keys:approve");
        assertProblem(weak.post("/v1/key-requests/" + id + "/approve", "{}"), 403, "keys:read");
    }

    @Test
    void aRequestOutsideThePolicyIsApprovedAtOnce() {
        Http.Answer submitted = requester.post("/v1/key-requests", "{\"name\":\"tasks\",\"permissions\":[\"tasks:read\"]}");
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        assertThat(submitted.json().get("status").asText()).isEqualTo("approved");
        assertThat(submitted.json().get("decided_by").asText()).isEqualTo("system");
        Http.Answer claimed = requester.post("/v1/key-requests/" + submitted.json().get("id").asText() + "/claim", null);
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
    }

    @Test
    void deniedRequestCannotBeApprovedNorClaimed() {
        String id = submitPending();
        Http.Answer denied = approver.post("/v1/key-requests/" + id + "/deny", "{\"reason\":\"use the shared key\"}");
        assertThat(denied.status()).as(denied.toString()).isEqualTo(200);
        assertThat(denied.json().get("status").asText()).isEqualTo("denied");
        assertThat(denied.json().get("note").asText()).isEqualTo("use the shared key");
        assertProblem(approver.post("/v1/key-requests/" + id + "/approve", "{}"), 409, "denied");
        assertProblem(requester.post("/v1/key-requests/" + id + "/claim", null), 409, "denied");
    }

    @Test
    void approversSeeTheOrganizationsRequestsOthersOnlyTheirOwn() {
        String id = submitPending();
        Http.Answer all = approver.get("/v1/key-requests?status=pending");
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.json().get("data").toString()).contains(id);
        assertThat(writer.get("/v1/key-requests").json().get("data").toString()).doesNotContain(id);
        assertProblem(writer.get("/v1/key-requests/" + id), 404, "no key request");
        assertThat(requester.get("/v1/key-requests?status=approved").json().get("data").toString()).doesNotContain(id);
        Http other = clientWith(registerOrganization("other " + System.nanoTime(), "free"), "keys:approve", "keys:read");
        assertProblem(other.get("/v1/key-requests/" + id), 404, "no key request");
        assertProblem(other.post("/v1/key-requests/" + id + "/approve", "{}"), 404, "no key request");
    }

    @Test
    void badInputIsA4xxNamingTheField() {
        assertProblem(requester.post("/v1/key-requests", "{\"name\":\"" + "n".repeat(101) + "\"}"), 400, "name");
        assertProblem(requester.post("/v1/key-requests", "{\"name\":\"n\",\"justification\":\"" + "j".repeat(1001) + "\"}"),
                400, "justification");
        assertProblem(requester.post("/v1/key-requests", "{\"name\":\"n\",\"permissions\":[\"NOT A PERMISSION\"]}"),
                400, "permissions");
        assertProblem(requester.post("/v1/key-requests", "{\"name\":\"n\",\"expires_at\":\"2001-01-01T00:00:00Z\"}"),
                400, "expires_at");
        assertProblem(requester.post("/v1/key-requests", "{\"name\":\"n\",\"colour\":\"red\"}"), 400, "colour");
        assertProblem(requester.get("/v1/key-requests?status=lost"), 400, "status");
        assertProblem(requester.get("/v1/key-requests?limit=0"), 400, "limit");
        assertProblem(requester.get("/v1/key-requests?limit=101"), 400, "limit");
        assertProblem(requester.get("/v1/key-requests/kr_unknown"), 404, "no key request");
        assertProblem(requester.get("/v1/key-requests/key_not_a_request"), 404, "no key request");
        String id = submitPending();
        assertProblem(approver.post("/v1/key-requests/" + id + "/approve", "{\"note\":\"" + "x".repeat(1001) + "\"}"),
                400, "note");
        assertThat(approver.get("/v1/key-requests/" + id).json().get("status").asText()).isEqualTo("pending");
    }
}
