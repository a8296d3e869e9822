package io.keyledger.validator.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a presented key without allocating: one digest and two buffers per thread.
 * Only called after {@code ApiKeyFormat.classify} has accepted the key, so every character is
 * printable ASCII and maps to one byte, exactly as {@code ApiKeyFormat.sha256} encodes it.
 */
final class KeyDigest {

    private static final ThreadLocal<KeyDigest> PER_THREAD = ThreadLocal.withInitial(KeyDigest::new);

    private final MessageDigest digest;
    private final byte[] input = new byte[512];
    private final byte[] output = new byte[32];

    private KeyDigest() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The digest of {@code key}; the array is reused by the next call on this thread. */
    static byte[] sha256(CharSequence key) {
        return PER_THREAD.get().digest(key);
    }

    private byte[] digest(CharSequence key) {
        int length = key.length();
        if (length > input.length) {
            throw new IllegalArgumentException("key too long");
        }
        for (int i = 0; i < length; i++) {
            input[i] = (byte) key.charAt(i);
        }
        digest.update(input, 0, length);
        try {
            digest.digest(output, 0, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        return output;
    }
}
