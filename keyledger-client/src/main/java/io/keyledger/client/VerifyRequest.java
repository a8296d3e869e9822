package io.keyledger.client;

import java.util.List;

/**
 * What to verify: the key, the permissions the request needs (all of them), and optionally the
 * client's IP and referrer for the key's restrictions.
 */
public record VerifyRequest(String key, List<String> permissions, String ip, String referrer) {

    public VerifyRequest {
        if (key == null) {
            throw new IllegalArgumentException("key is required");
        }
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }

    public static VerifyRequest of(String key, String... permissions) {
        return new VerifyRequest(key, List.of(permissions), null, null);
    }

    public VerifyRequest withIp(String clientIp) {
        return new VerifyRequest(key, permissions, clientIp, referrer);
    }

    public VerifyRequest withReferrer(String value) {
        return new VerifyRequest(key, permissions, ip, value);
    }
}
