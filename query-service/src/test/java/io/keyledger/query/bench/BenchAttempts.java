package io.keyledger.query.bench;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * The attempt mix both topology benchmarks feed: 90 % valid, the rest spread over the refusals;
 * {@code keys} keys in 50 organizations; mostly one network per key, now and then a new one.
 */
final class BenchAttempts {

    private BenchAttempts() {
    }

    /** The next attempt, at {@code atMillis}. */
    static AuthAttempt next(Random random, int keys, long atMillis) {
        int p = random.nextInt(100);
        VerificationCode code = p < 90 ? VerificationCode.VALID : p < 93 ? VerificationCode.FORBIDDEN
                : p < 96 ? VerificationCode.RATE_LIMITED : p < 98 ? VerificationCode.NOT_FOUND
                : p < 99 ? VerificationCode.REVOKED : VerificationCode.IP_NOT_ALLOWED;
        int key = random.nextInt(keys);
        String keyId = code == VerificationCode.NOT_FOUND ? null : "key-" + key;
        String prefix = code == VerificationCode.NOT_FOUND ? "kl_live_" + random.nextInt(1000) : "kl_live_k" + key;
        return new AuthAttempt(UUID.randomUUID().toString(), keyId, prefix, keyId == null ? null : "org-" + key % 50,
                code, "tasks:read", ip(random, key), "bench/1", Instant.ofEpochMilli(atMillis), 4);
    }

    /** The record key of the {@code auth-attempts} contract: the key id, or the prefix of an unknown key. */
    static String recordKey(AuthAttempt attempt) {
        return attempt.keyId() != null ? attempt.keyId() : attempt.prefix();
    }

    private static String ip(Random random, int key) {
        int network = random.nextInt(100) == 0 ? random.nextInt(60_000) : key;
        return "10." + (network / 250 % 250) + "." + (network % 250) + "." + (1 + random.nextInt(250));
    }
}
