package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14 items 2 and 3 on the real local stack. Renewal: a key expiring in 31 days with
 * {@code auto_renew}, used once at the validator, is renewed at its 30-day notice (actor
 * {@code system}, capped by nothing here), while the same key never used gets the
 * {@code key.expiring} notice instead. The test runs the clock the only honest way: it moves the
 * real durable deadline's row in db-scheduler's table to now, and command-service fires it as it
 * would in a day. Approval: request → self-approval 403 (four eyes) → approve by another key →
 * claim once (the key verifies) → a second claim is 410; every step in the request's audit history.
 */
@ExtendWith(SharedStack.class)
@Order(45)
class KeyApprovalAndRenewalIT {

    @Test
    void aUsedKeyIsRenewedAtItsThirtyDayNoticeAndAnUnusedOneIsNoticed(LocalStack stack) throws Exception {
        Api api = new Api(stack);
        String org = api.createOrganization("renewal", "professional");
        String auditor = api.createKey(org, "renewal auditor", List.of("audit:read", "keys:read")).key();
        Instant expiresAt = Instant.now().plus(Duration.ofDays(31)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> rule = Map.of("period_days", 90, "only_if_used_within_days", 7);
        Api.Key used = api.create(api.admin, Map.of("name", "renewal used", "organization_id", org,
                "permissions", List.of("tasks:read"), "expires_at", expiresAt.toString(), "auto_renew", rule));
        Api.Key unused = api.create(api.admin, Map.of("name", "renewal unused", "organization_id", org,
                "permissions", List.of("tasks:read"), "expires_at", expiresAt.toString(), "auto_renew", rule));
        assertThat(used.record().path("auto_renew").path("period_days").asInt()).isEqualTo(90);

        // one use, through the validator's attempt stream into command-service's key_last_use
        api.awaitKnown(used.key());
        assertThat(api.verify(used.key(), List.of("tasks:read")).path("code").asText()).isEqualTo("VALID");
        await().atMost(Api.PROPAGATION).until(() -> lastUsed(stack, used.id()) != null);
        await().atMost(Api.PROPAGATION).until(() -> noticeRows(stack, unused.id()).size() == 3);

        // a day passes for the two 30-day notices
        fireFirstNotice(stack, used.id());
        fireFirstNotice(stack, unused.id());

        Instant renewed = expiresAt.plus(Duration.ofDays(90));
        JsonNode history = await().atMost(Api.PROPAGATION).until(() -> events(stack, auditor, used.id(), org),
                h -> types(h).contains("ApiKeyRenewed"));
        JsonNode renewal = entry(history, "ApiKeyRenewed");
        assertThat(renewal.path("actor").asText()).isEqualTo("system");
        assertThat(Instant.parse(renewal.path("payload").path("expires_at").asText())).isEqualTo(renewed);
        assertThat(Instant.parse(renewal.path("payload").path("previous_expires_at").asText())).isEqualTo(expiresAt);
        assertThat(types(history)).doesNotContain("ApiKeyExpiryWarningIssued");
        await().atMost(Api.PROPAGATION).until(() -> Http.get(stack.query("/v1/api-keys/" + used.id()), auditor)
                .body().path("expires_at").asText(), at -> !at.isEmpty() && Instant.parse(at).equals(renewed));
        // the renewed key keeps working, and its old notices are stale: three new ones are planned
        assertThat(api.verify(used.key(), List.of()).path("code").asText()).isEqualTo("VALID");
        await().atMost(Api.PROPAGATION).until(() -> noticeRows(stack, used.id()).size() >= 3);

        JsonNode noticed = await().atMost(Api.PROPAGATION).until(() -> events(stack, auditor, unused.id(), org),
                h -> types(h).contains("ApiKeyExpiryWarningIssued"));
        JsonNode notice = entry(noticed, "ApiKeyExpiryWarningIssued");
        assertThat(notice.path("actor").asText()).isEqualTo("system");
        assertThat(notice.path("payload").path("days_before").asInt()).isEqualTo(30);
        assertThat(types(noticed)).doesNotContain("ApiKeyRenewed");
    }

    @Test
    void requestApprovedByAnotherKeyIsClaimedOnce(LocalStack stack) {
        Api api = new Api(stack);
        String org = api.createOrganization("approval", "professional");
        assertThat(Http.patch(stack.command("/v1/organizations/" + org), api.admin,
                Map.of("policy", Map.of("approval_required_for", List.of("keys:*")))).status()).isEqualTo(200);
        String requester = api.createKey(org, "requester", List.of("tasks:read")).key();
        String approver = api.createKey(org, "approver", List.of("keys:approve", "keys:read")).key();
        String auditor = api.createKey(org, "approval auditor", List.of("audit:read")).key();

        Http.Answer asked = Http.post(stack.command("/v1/key-requests"), requester, Map.of("name", "reporting",
                "permissions", List.of("keys:read"), "justification", "weekly report"));
        assertThat(asked.status()).as(asked.raw().body()).isEqualTo(201);
        assertThat(asked.body().path("status").asText()).isEqualTo("pending");
        String id = asked.body().path("id").asText();

        // four eyes: an approver's own request is not its to approve
        Http.Answer own = Http.post(stack.command("/v1/key-requests"), approver,
                Map.of("name", "approver's own", "permissions", List.of("keys:read")));
        Http.Answer selfApproved = Http.post(stack.command("/v1/key-requests/" + own.body().path("id").asText()
                + "/approve"), approver, Map.of("note", "mine"));
        assertThat(selfApproved.status()).as(selfApproved.raw().body()).isEqualTo(403);
        assertThat(selfApproved.body().path("detail").asText()).contains("four-eyes");
        assertThat(Http.post(stack.command("/v1/key-requests/" + id + "/claim"), requester, Map.of()).status())
                .isEqualTo(409);

        Http.Answer approved = Http.post(stack.command("/v1/key-requests/" + id + "/approve"), approver,
                Map.of("note", "ok for the report"));
        assertThat(approved.status()).as(approved.raw().body()).isEqualTo(200);
        assertThat(approved.body().path("status").asText()).isEqualTo("approved");

        Http.Answer claimed = Http.post(stack.command("/v1/key-requests/" + id + "/claim"), requester, Map.of());
        assertThat(claimed.status()).as(claimed.raw().body()).isEqualTo(200);
        String key = claimed.body().path("key").asText();
        SharedStack.remember(key);
        assertThat(claimed.body().path("permissions").get(0).asText()).isEqualTo("keys:read");
        assertThat(api.awaitVerdict(key, "VALID").path("key_id").asText()).isEqualTo(claimed.body().path("id").asText());

        Http.Answer again = Http.post(stack.command("/v1/key-requests/" + id + "/claim"), requester, Map.of());
        assertThat(again.status()).as(again.raw().body()).isEqualTo(410);
        assertThat(again.raw().body()).doesNotContain(key);

        JsonNode history = Http.get(stack.query("/v1/key-requests/" + id + "/events"), auditor).body();
        assertThat(types(history)).containsExactly("KeyRequestSubmitted", "KeyRequestApproved", "KeyRequestClaimed");
        assertThat(entry(history, "KeyRequestApproved").path("payload").path("note").asText()).isEqualTo("ok for the report");
        assertThat(entry(history, "KeyRequestApproved").path("actor").asText())
                .isEqualTo(approved.body().path("decided_by").asText());
        assertThat(entry(history, "KeyRequestClaimed").path("actor").asText())
                .isEqualTo(asked.body().path("requester_key_id").asText());
        assertThat(history.toString()).doesNotContain(key);
    }

    private static JsonNode events(LocalStack stack, String auditor, String keyId, String org) {
        return Http.get(stack.query("/v1/api-keys/" + keyId + "/events?organization_id=" + org), auditor).body();
    }

    private static List<String> types(JsonNode history) {
        List<String> types = new ArrayList<>();
        history.path("data").forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private static JsonNode entry(JsonNode history, String type) {
        for (JsonNode e : history.path("data")) {
            if (type.equals(e.path("type").asText())) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " in " + history);
    }

    private static Instant lastUsed(LocalStack stack, String keyId) throws SQLException {
        try (Connection c = Stores.eventStore(stack);
             PreparedStatement s = c.prepareStatement("SELECT last_used FROM key_last_use WHERE key_id = ?")) {
            s.setString(1, keyId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    /** The key's expiry-notice deadlines in db-scheduler's table: {task_name, task_instance}, earliest first. */
    private static List<String[]> noticeRows(LocalStack stack, String keyId) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Connection c = Stores.eventStore(stack); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT task_name, task_instance, task_data FROM scheduled_tasks "
                     + "ORDER BY execution_time")) {
            while (rs.next()) {
                byte[] data = rs.getBytes(3);
                String text = data == null ? "" : new String(data, StandardCharsets.ISO_8859_1);
                if (text.contains(keyId) && text.contains("key-expiry-warning")) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return rows;
    }

    /** Runs the clock for one deadline: the key's earliest notice (the 30-day one) becomes due now. */
    private static void fireFirstNotice(LocalStack stack, String keyId) throws SQLException {
        List<String[]> rows = noticeRows(stack, keyId);
        assertThat(rows).as("the key's notice deadlines").hasSize(3);
        try (Connection c = Stores.eventStore(stack); PreparedStatement s = c.prepareStatement(
                "UPDATE scheduled_tasks SET execution_time = ? WHERE task_name = ? AND task_instance = ? AND picked = FALSE")) {
            s.setTimestamp(1, Timestamp.from(Instant.now()));
            s.setString(2, rows.get(0)[0]);
            s.setString(3, rows.get(0)[1]);
            assertThat(s.executeUpdate()).isEqualTo(1);
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}
