package io.keyledger.support.auth;

import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Permissions;
import java.util.List;

/**
 * The key a management call was made with: who acts, for which organization, with which
 * permissions. Resolved from the Bearer key by {@link CallerDirectory}.
 *
 * @param keyId          the calling key's id (the actor in event metadata)
 * @param organizationId the organization whose resources the call may see
 * @param permissions    the calling key's permission patterns
 * @param environment    the calling key's environment: a {@code test} key manages only {@code test} keys
 */
public record Caller(String keyId, String organizationId, List<String> permissions, Environment environment) {

    public boolean has(String permission) {
        return Permissions.grants(permissions, permission);
    }

    public boolean isAdmin() {
        return permissions.contains(Permissions.ADMIN);
    }

    /** @throws ForbiddenException when the caller lacks {@code permission} */
    public void require(String permission) {
        if (!has(permission)) {
            throw new ForbiddenException("this key lacks the permission '" + permission + "'");
        }
    }
}
