package io.keyledger.api.keys;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Permission strings: {@code resource:action}, each part a lowercase name or {@code *}
 * ({@code tasks:read}, {@code projects:*}, {@code *:read}). {@code admin:*} grants everything.
 * Reserved for the platform's own APIs: {@code keys:read}, {@code keys:write},
 * {@code audit:read}, {@code admin:*}.
 */
public final class Permissions {

    public static final String ADMIN = "admin:*";
    public static final String KEYS_READ = "keys:read";
    public static final String KEYS_WRITE = "keys:write";
    public static final String AUDIT_READ = "audit:read";
    public static final int MAX_LENGTH = 100;

    private static final Pattern SYNTAX = Pattern.compile("(\\*|[a-z0-9][a-z0-9_.-]*):(\\*|[a-z0-9][a-z0-9_.-]*)");

    private Permissions() {
    }

    /** Whether {@code permission} parses as {@code resource:action}. */
    public static boolean isValid(String permission) {
        return permission != null && permission.length() <= MAX_LENGTH && SYNTAX.matcher(permission).matches();
    }

    /** Whether any of {@code granted} covers the concrete permission {@code asked}. */
    public static boolean grants(Collection<String> granted, String asked) {
        for (String g : granted) {
            if (grants(g, asked)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the pattern {@code granted} covers {@code asked}. Allocation-free. */
    public static boolean grants(String granted, String asked) {
        if (granted.equals(ADMIN) || granted.equals(asked)) {
            return true;
        }
        int g = granted.indexOf(':');
        int a = asked.indexOf(':');
        if (g < 0 || a < 0) {
            return false;
        }
        return partMatches(granted, 0, g, asked, 0, a)
                && partMatches(granted, g + 1, granted.length(), asked, a + 1, asked.length());
    }

    private static boolean partMatches(String granted, int gFrom, int gTo, String asked, int aFrom, int aTo) {
        if (gTo - gFrom == 1 && granted.charAt(gFrom) == '*') {
            return true;
        }
        return gTo - gFrom == aTo - aFrom && granted.regionMatches(gFrom, asked, aFrom, gTo - gFrom);
    }
}
