package io.keyledger.api.keys;

import java.util.List;

/**
 * What the calling key may hand out or act on (API.md, "Authorization rules"): a caller creates,
 * changes, rotates, disables, enables or revokes a key only if it could have created it. Every
 * application permission ({@code tasks:read}) is a {@code keys:write} key's to grant; a permission
 * that reaches the platform's own APIs only by a key that holds it itself; {@code admin:*} only by
 * {@code admin:*}. A {@code test} key acts only on {@code test} keys. Commands carry the caller's
 * authority; {@code null} there means the platform itself (bootstrap, deadlines), which is not checked.
 *
 * @param permissions the calling key's permission patterns
 * @param environment the calling key's environment
 */
public record Authority(List<String> permissions, Environment environment) {

    /** The permissions only a key holding them may grant. */
    public static final List<String> PLATFORM_PERMISSIONS = List.of(
            "keys:read", "keys:write", "keys:approve", "audit:read", "webhooks:read", "webhooks:write",
            // the validators' service permission: leases any organization's credits (DESIGN §9)
            "credits:lease");

    public boolean isAdmin() {
        return permissions != null && permissions.contains(Permissions.ADMIN);
    }

    /**
     * Why this authority may not {@code verb} ("create", "rotate", …) a key of this environment
     * holding these permissions, or {@code null} when it may. A {@code null} environment or
     * permission list leaves that half of the rule out.
     */
    public String refusal(String verb, List<String> targetPermissions, Environment targetEnvironment) {
        if (environment == Environment.TEST && targetEnvironment != null && targetEnvironment != Environment.TEST) {
            return "a test key manages only test keys: it cannot " + verb + " a live key";
        }
        if (isAdmin() || targetPermissions == null) {
            return null;
        }
        for (String permission : targetPermissions) {
            if (!Permissions.isValid(permission)) {
                continue; // the field rule names a malformed entry
            }
            if (permission.startsWith("admin:") || Permissions.grants(permission, Permissions.ADMIN)) {
                return refusal(verb, permission, "only an admin:* key may");
            }
            for (String reserved : PLATFORM_PERMISSIONS) {
                if (Permissions.grants(permission, reserved) && !Permissions.grants(permissions, reserved)) {
                    return refusal(verb, permission, "it reaches '" + reserved + "', which this key does not hold, and only a key holding it may");
                }
            }
        }
        return null;
    }

    private static String refusal(String verb, String permission, String why) {
        return "this key cannot " + verb + " a key with the permission '" + permission + "': " + why;
    }
}
