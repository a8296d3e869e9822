package io.keyledger.command.keys;

import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Generates key values (DESIGN.md §2) outside the aggregate, so that the plaintext never enters
 * a command, an event or a log; only its hash and display prefix travel on.
 */
@Component
public class KeyGenerator {

    /**
     * One DRBG per thread: the default {@code NativePRNG} serializes every caller of every instance
     * on one JVM-wide lock (shared with {@code UUID.randomUUID}), and a key takes 40 draws from it.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(KeyGenerator::newRandom);
    private final int randomLength;

    KeyGenerator(@Value("${keyledger.keys.random-length:" + ApiKeyFormat.DEFAULT_RANDOM_LENGTH + "}") int randomLength) {
        if (randomLength < ApiKeyFormat.MIN_RANDOM_LENGTH || randomLength > ApiKeyFormat.MAX_RANDOM_LENGTH) {
            throw new IllegalStateException("keyledger.keys.random-length must be between "
                    + ApiKeyFormat.MIN_RANDOM_LENGTH + " and " + ApiKeyFormat.MAX_RANDOM_LENGTH + ", was " + randomLength);
        }
        this.randomLength = randomLength;
    }

    public String generate(Environment environment) {
        return ApiKeyFormat.generate(environment, randomLength, RANDOM.get());
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM since 9 has DRBG", e);
        }
    }

    /** A new key id; the {@code key_} prefix keeps key and organization ids apart in the event store. */
    public static String newKeyId() {
        return "key_" + java.util.UUID.randomUUID().toString().replace("-", "");
    }
}
