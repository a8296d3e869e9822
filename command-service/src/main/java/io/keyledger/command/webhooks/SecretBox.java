package io.keyledger.command.webhooks;

import io.keyledger.command.idempotency.DeploymentSecret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Webhook signing secrets at rest (DESIGN §8): AES-256-GCM under a key derived with HMAC from
 * the deployment secret (label {@code keyledger webhook secret key v1}), which the database does
 * not hold. The webhook id is the associated data, so a sealed secret opens only for its own
 * endpoint. A sealed value is {@code base64url(iv ‖ ciphertext ‖ tag)}.
 */
@Component
class SecretBox {

    static final String PREFIX = "whsec_";
    private static final int IV_LENGTH = 12;
    private static final int SECRET_BYTES = 32;

    private final byte[] key;
    private final SecureRandom random = new SecureRandom();

    SecretBox(DeploymentSecret deploymentSecret) {
        this.key = deploymentSecret.derive("keyledger webhook secret key v1");
    }

    /** A new signing secret, {@code whsec_} + base64 of 32 random bytes (Standard Webhooks' format). */
    String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    String seal(String webhookId, String secret) {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(ByteBuffer.allocate(IV_LENGTH + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is available in every JVM", e);
        }
    }

    /** @throws IllegalStateException when the value was sealed under another deployment secret or for another endpoint */
    String open(String webhookId, String sealed) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, bytes, 0, IV_LENGTH));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, IV_LENGTH, bytes.length - IV_LENGTH), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // no detail: the message must not help anyone guess
            throw new IllegalStateException("the signing secret of webhook " + webhookId
                    + " cannot be opened with this deployment secret");
        }
    }
}
