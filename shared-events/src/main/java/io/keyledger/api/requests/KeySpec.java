package io.keyledger.api.requests;

import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import java.time.Instant;
import java.util.List;

/**
 * The key a request asks for: the settings of {@code POST /v1/api-keys} a requester may choose.
 *
 * @param name         1–100 printable characters
 * @param description  free text, may be {@code null}
 * @param owner        the party the key will act for, may be {@code null}
 * @param environment  live or test
 * @param permissions  {@code resource:action} patterns
 * @param rateLimit    per-key limits, may be {@code null}
 * @param restrictions IP and referrer restrictions, may be {@code null}
 * @param expiresAt    the key's expiry, {@code null} for never (or the organization's lifetime)
 */
public record KeySpec(String name,
                      String description,
                      Owner owner,
                      Environment environment,
                      List<String> permissions,
                      RateLimit rateLimit,
                      Restrictions restrictions,
                      Instant expiresAt) {
}
