package io.keyledger.command.keys;

import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Random;
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
    private static final ThreadLocal<Random> RANDOM = ThreadLocal.withInitial(() -> new DrbgBytes(newRandom()));
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

    /**
     * Serves a key's draws from a block of DRBG output. Each draw of a plain {@code SecureRandom}
     * is one DRBG generation of four bytes (three SHA-256 digests and a state update), so a key's
     * 40 draws cost 40 generations; one generation of {@value #BLOCK} bytes serves three keys.
     * Every byte is used once; only {@link #next} is called ({@code Random.nextInt(bound)} draws
     * through it), the seed of the superclass is never used.
     */
    static final class DrbgBytes extends Random {

        private static final int BLOCK = 512;
        private final SecureRandom drbg;
        private final byte[] block = new byte[BLOCK];
        private int used = BLOCK;

        DrbgBytes(SecureRandom drbg) {
            this.drbg = drbg;
        }

        @Override
        protected int next(int bits) {
            if (used > BLOCK - Integer.BYTES) {
                drbg.nextBytes(block);
                used = 0;
            }
            int value = (block[used] & 0xff) << 24 | (block[used + 1] & 0xff) << 16
                    | (block[used + 2] & 0xff) << 8 | (block[used + 3] & 0xff);
            used += Integer.BYTES;
            return value >>> (Integer.SIZE - bits);
        }
    }

    /** A new key id; the {@code key_} prefix keeps key and organization ids apart in the event store. */
    public static String newKeyId() {
        return "key_" + java.util.UUID.randomUUID().toString().replace("-", "");
    }
}
