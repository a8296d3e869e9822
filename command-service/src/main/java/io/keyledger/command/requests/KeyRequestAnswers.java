package io.keyledger.command.requests;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.requests.KeyRequestStatus;
import io.keyledger.api.requests.KeySpec;
import io.keyledger.command.keys.KeyState;
import java.time.Instant;
import java.util.List;

/** Request and answer bodies of {@code /v1/key-requests} (snake_case on the wire). */
final class KeyRequestAnswers {

    private KeyRequestAnswers() {
    }

    /** {@code POST /v1/key-requests}: the settings of a key, and why. */
    record Create(String name,
                  String description,
                  Owner owner,
                  Environment environment,
                  List<String> permissions,
                  RateLimit rateLimit,
                  Restrictions restrictions,
                  Instant expiresAt,
                  String justification) {
    }

    /** {@code POST …/approve}. */
    record Approve(String note) {
    }

    /** {@code POST …/deny}. */
    record Deny(String reason) {
    }

    /**
     * A key request. {@code decided_by} is the approving or denying key, or {@code system} (approved
     * by the policy, or expired); {@code note} the approver's note or the denial's reason.
     */
    record Request(String id,
                   KeyRequestStatus status,
                   String organizationId,
                   String requesterKeyId,
                   String name,
                   String description,
                   Owner owner,
                   Environment environment,
                   List<String> permissions,
                   RateLimit rateLimit,
                   Restrictions restrictions,
                   Instant expiresAt,
                   String justification,
                   Instant createdAt,
                   Instant pendingUntil,
                   String decidedBy,
                   Instant decidedAt,
                   String note,
                   String keyId,
                   Instant claimedAt) {

        static Request of(KeyRequestRow row, KeySpec spec, Instant now) {
            // past its 7 days a request is expired, even in the moment before its deadline fires
            KeyRequestStatus status = row.status == KeyRequestStatus.PENDING && row.pendingUntil != null
                    && !now.isBefore(row.pendingUntil) ? KeyRequestStatus.EXPIRED : row.status;
            return new Request(row.id, status, row.organizationId, row.requesterKeyId, spec.name(), spec.description(),
                    spec.owner(), spec.environment(), spec.permissions(), spec.rateLimit(), spec.restrictions(),
                    spec.expiresAt(), row.justification, row.createdAt, row.pendingUntil, row.decidedBy, row.decidedAt,
                    row.decisionNote, row.keyId, row.claimedAt);
        }
    }

    /** {@code GET /v1/key-requests}. */
    record Page(List<Request> data) {
    }

    /** 200 to a claim: the key record and its value, this once only. */
    record Claimed(@JsonUnwrapped KeyState record, String key, String requestId) {
    }
}
