package io.keyledger.command.keys;

import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import java.time.Instant;
import java.util.List;

/** Request bodies of the key API (snake_case on the wire). */
final class KeyRequests {

    private KeyRequests() {
    }

    /**
     * {@code POST /v1/api-keys}. For a migration, {@code imported_key} (a value from another
     * system, long and varied enough) or {@code imported_key_hash} (its hex SHA-256) replaces
     * the generated secret; the answer then holds no {@code key}.
     */
    record Create(String name,
                  String description,
                  String organizationId,
                  Owner owner,
                  Environment environment,
                  List<String> permissions,
                  RateLimit rateLimit,
                  Restrictions restrictions,
                  Instant expiresAt,
                  String importedKey,
                  String importedKeyHash,
                  io.keyledger.api.keys.AutoRenew autoRenew,
                  io.keyledger.api.credits.Credits credits,
                  @io.swagger.v3.oas.annotations.media.Schema(type = "object",
                          description = "returned in verify answers; a JSON object, at most 16 KiB")
                  com.fasterxml.jackson.databind.JsonNode meta) {
    }

    /**
     * {@code PATCH /v1/api-keys/{id}}, for the API description only: the controller reads the body
     * as a JSON object, because "absent" (unchanged) and {@code null} (cleared) must differ.
     */
    record Patch(String name,
                 String description,
                 List<String> permissions,
                 RateLimit rateLimit,
                 Restrictions restrictions,
                 Instant expiresAt,
                 io.keyledger.api.keys.AutoRenew autoRenew,
                 io.keyledger.api.credits.Credits credits,
                 @io.swagger.v3.oas.annotations.media.Schema(type = "object", nullable = true,
                         description = "returned in verify answers; a JSON object, at most 16 KiB; null clears")
                 com.fasterxml.jackson.databind.JsonNode meta) {
    }

    /** {@code POST /v1/api-keys/{id}/credits}: {@code set} the balance to {@code amount}, or {@code add} it. */
    record CreditChange(io.keyledger.api.credits.CreditCommands.ChangeCredits.Op op, Long amount) {
    }

    /** {@code POST /v1/api-keys/{id}/rotate}. */
    record Rotate(Long gracePeriodSeconds) {
    }

    /** {@code DELETE /v1/api-keys/{id}}. */
    record Revoke(String reason) {
    }
}
