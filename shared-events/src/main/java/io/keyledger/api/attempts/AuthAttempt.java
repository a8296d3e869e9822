package io.keyledger.api.attempts;

import java.time.Instant;

/**
 * One verification, allowed or not: the value of a record on the {@code auth-attempts}
 * topic (JSON, snake_case), keyed by {@code keyId} or, when the key is unknown, by
 * {@code prefix}. Never carries the key.
 *
 * @param attemptId      unique id of the attempt (a UUID), for de-duplication downstream
 * @param keyId          the key's id, {@code null} when the key was not found
 * @param prefix         display prefix of the presented key, {@code null} when malformed
 * @param organizationId the key's organization, {@code null} when the key was not found
 * @param code           the verdict
 * @param permission     permission asked for (several joined by {@code ,}), may be {@code null}
 * @param ip             the caller's IP as reported to the validator, may be {@code null}
 * @param userAgent      the caller's user agent, may be {@code null}
 * @param timestamp      when the verification ran
 * @param latencyMicros  how long the verification took inside the validator
 * @param referrer       the original request's referrer as the validator judged it, may be {@code null}
 *                       (added for insights; absent in older records)
 * @param secret         which of the key's secrets matched: {@link #CURRENT_SECRET}, {@link #PREVIOUS_SECRET}
 *                       (a rotated-away secret within its grace period), or {@code null} when no key matched
 *                       (absent in older records)
 */
public record AuthAttempt(String attemptId,
                          String keyId,
                          String prefix,
                          String organizationId,
                          VerificationCode code,
                          String permission,
                          String ip,
                          String userAgent,
                          Instant timestamp,
                          long latencyMicros,
                          String referrer,
                          String secret) {

    /** Name of the topic the validator publishes to. */
    public static final String TOPIC = "auth-attempts";

    /** {@link #secret()} of an attempt made with the key's current secret. */
    public static final String CURRENT_SECRET = "current";

    /** {@link #secret()} of an attempt made with the key's previous secret, inside its grace period. */
    public static final String PREVIOUS_SECRET = "previous";

    /** The record as it was before {@code referrer} and {@code secret}: both unknown. */
    public AuthAttempt(String attemptId, String keyId, String prefix, String organizationId, VerificationCode code,
                       String permission, String ip, String userAgent, Instant timestamp, long latencyMicros) {
        this(attemptId, keyId, prefix, organizationId, code, permission, ip, userAgent, timestamp, latencyMicros,
                null, null);
    }

    /** Whether the previous secret (inside its grace period) matched. */
    public boolean previousSecret() {
        return PREVIOUS_SECRET.equals(secret);
    }
}
