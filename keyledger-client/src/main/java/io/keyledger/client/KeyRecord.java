package io.keyledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A key record (API.md "Command API"); never the plaintext. Members this client does not know
 * are kept in {@code rateLimit}/{@code restrictions} as JSON, and the rest ignored, so a newer
 * server does not break it.
 */
public record KeyRecord(String id, String prefix, String name, String description, String organizationId,
                        String environment, List<String> permissions, JsonNode rateLimit, JsonNode restrictions,
                        String status, String disabledReason, Instant createdAt, Instant expiresAt, Long version) {
}
