package io.keyledger.command.keys;

import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Permissions;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.support.web.Instants;
import java.net.InetAddress;
import java.time.Instant;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The input rules of a key's settings (DESIGN.md §3), shared by create and update. Each
 * violation is an {@link InvalidFieldException} naming the field as the API spells it.
 */
public final class KeyRules {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_DESCRIPTION_LENGTH = 1_000;
    public static final int MAX_LIST_SIZE = 100;
    public static final long MAX_GRACE_SECONDS = 604_800;

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern REFERRER =
            Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\\d{1,5})?");

    private KeyRules() {
    }

    public static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("name", "must not be empty");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new InvalidFieldException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (!printable(name, false)) {
            throw new InvalidFieldException("name", "must contain printable characters only");
        }
        if (name.codePoints().allMatch(KeyRules::blankLooking)) {
            throw new InvalidFieldException("name", "must contain at least one visible character");
        }
        return name;
    }

    public static String description(String description) {
        if (description == null) {
            return null;
        }
        if (description.codePointCount(0, description.length()) > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidFieldException("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        if (!printable(description, true)) {
            throw new InvalidFieldException("description", "must contain printable characters only");
        }
        return description;
    }

    public static final int MAX_OWNER_ID_LENGTH = 256;
    public static final int MAX_SOURCE_URL_LENGTH = 2_048;
    public static final int MAX_REPORTER_LENGTH = 200;

    /**
     * A leak report's source: {@code source_url} an absolute {@code http} or {@code https} URL of at
     * most {@value #MAX_SOURCE_URL_LENGTH} characters, {@code reporter} at most
     * {@value #MAX_REPORTER_LENGTH} printable characters; either may be absent.
     */
    public static void leakSource(String sourceUrl, String reporter) {
        if (sourceUrl != null) {
            if (sourceUrl.length() > MAX_SOURCE_URL_LENGTH) {
                throw new InvalidFieldException("source_url", "must be at most " + MAX_SOURCE_URL_LENGTH + " characters");
            }
            java.net.URI uri;
            try {
                uri = new java.net.URI(sourceUrl);
            } catch (java.net.URISyntaxException e) {
                throw new InvalidFieldException("source_url", "must be an absolute http or https URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawAuthority() == null) {
                throw new InvalidFieldException("source_url", "must be an absolute http or https URL");
            }
        }
        if (reporter != null && (reporter.codePointCount(0, reporter.length()) > MAX_REPORTER_LENGTH
                || !printable(reporter, false))) {
            throw new InvalidFieldException("reporter", "must be at most " + MAX_REPORTER_LENGTH + " printable characters");
        }
    }

    public static io.keyledger.api.keys.Owner owner(io.keyledger.api.keys.Owner owner) {
        if (owner == null) {
            return new io.keyledger.api.keys.Owner(io.keyledger.api.keys.OwnerType.APPLICATION, null);
        }
        if (owner.type() == null) {
            throw new InvalidFieldException("owner.type", "must be one of [user, application, system]");
        }
        if (owner.id() != null && (owner.id().length() > MAX_OWNER_ID_LENGTH || !printable(owner.id(), false))) {
            throw new InvalidFieldException("owner.id", "must be at most " + MAX_OWNER_ID_LENGTH + " printable characters");
        }
        return owner;
    }

    /** The permissions without duplicates, in the order given. */
    public static List<String> permissions(List<String> permissions) {
        if (permissions == null) {
            return List.of();
        }
        if (permissions.size() > MAX_LIST_SIZE) {
            throw new InvalidFieldException("permissions", "at most " + MAX_LIST_SIZE + " entries");
        }
        for (int i = 0; i < permissions.size(); i++) {
            if (!Permissions.isValid(permissions.get(i))) {
                throw new InvalidFieldException("permissions[" + i + "]",
                        "must be 'resource:action' (lowercase names or '*'), e.g. 'tasks:read'");
            }
        }
        return List.copyOf(new LinkedHashSet<>(permissions));
    }

    public static RateLimit rateLimit(RateLimit rateLimit) {
        if (rateLimit == null) {
            return RateLimit.NONE;
        }
        positive("rate_limit.per_second", rateLimit.perSecond());
        positive("rate_limit.burst", rateLimit.burst());
        positive("rate_limit.per_minute", rateLimit.perMinute());
        positive("rate_limit.per_hour", rateLimit.perHour());
        positive("rate_limit.per_day", rateLimit.perDay());
        return rateLimit;
    }

    public static Restrictions restrictions(Restrictions restrictions) {
        if (restrictions == null) {
            return Restrictions.NONE;
        }
        List<String> cidrs = restrictions.ipAllowlist();
        if (cidrs.size() > MAX_LIST_SIZE) {
            throw new InvalidFieldException("restrictions.ip_allowlist", "at most " + MAX_LIST_SIZE + " entries");
        }
        List<String> normalized = new ArrayList<>(cidrs.size());
        for (int i = 0; i < cidrs.size(); i++) {
            normalized.add(cidr("restrictions.ip_allowlist[" + i + "]", cidrs.get(i)));
        }
        List<String> referrers = restrictions.referrers();
        if (referrers.size() > MAX_LIST_SIZE) {
            throw new InvalidFieldException("restrictions.referrers", "at most " + MAX_LIST_SIZE + " entries");
        }
        List<String> hosts = new ArrayList<>(referrers.size());
        for (int i = 0; i < referrers.size(); i++) {
            String referrer = referrers.get(i) == null ? "" : referrers.get(i).toLowerCase(java.util.Locale.ROOT);
            if (referrer.length() > 253 || !REFERRER.matcher(referrer).matches()) {
                throw new InvalidFieldException("restrictions.referrers[" + i + "]",
                        "must be a host name or '*.' followed by one, e.g. 'app.example.com' or '*.example.com'");
            }
            hosts.add(referrer);
        }
        return new Restrictions(normalized, hosts);
    }

    public static String keyHash(String keyHash) {
        if (!ApiKeyFormat.isSha256Hex(keyHash)) {
            throw new InvalidFieldException("key_hash", "must be a hex SHA-256 digest (64 characters)");
        }
        return keyHash.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * An expiry in the future and within the instants every service can hold (API.md "Input
     * rules"); the web layer bounds the JSON already, this keeps a command from another route (a
     * remote dispatcher, a test) from scheduling a deadline far beyond what the projections store.
     */
    public static Instant expiresAt(Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            return null;
        }
        if (expiresAt.isBefore(Instants.MIN) || expiresAt.isAfter(Instants.MAX)) {
            throw new InvalidFieldException("expires_at", Instants.RANGE);
        }
        if (!expiresAt.isAfter(now)) {
            throw new InvalidFieldException("expires_at", "must be in the future");
        }
        return expiresAt;
    }

    public static final int MAX_RENEW_DAYS = 366;

    /** {@code auto_renew}: {@code period_days} 1–366, {@code only_if_used_within_days} absent or 1–366. */
    public static io.keyledger.api.keys.AutoRenew autoRenew(io.keyledger.api.keys.AutoRenew autoRenew) {
        if (autoRenew == null) {
            return null;
        }
        if (autoRenew.periodDays() == null) {
            throw new InvalidFieldException("auto_renew.period_days", "is required: 1–" + MAX_RENEW_DAYS + " days");
        }
        if (autoRenew.periodDays() < 1 || autoRenew.periodDays() > MAX_RENEW_DAYS) {
            throw new InvalidFieldException("auto_renew.period_days", "must be 1–" + MAX_RENEW_DAYS + " days");
        }
        Integer used = autoRenew.onlyIfUsedWithinDays();
        if (used != null && (used < 1 || used > MAX_RENEW_DAYS)) {
            throw new InvalidFieldException("auto_renew.only_if_used_within_days", "must be 1–" + MAX_RENEW_DAYS + " days");
        }
        return autoRenew;
    }

    public static long gracePeriodSeconds(long seconds) {
        if (seconds < 0 || seconds > MAX_GRACE_SECONDS) {
            throw new InvalidFieldException("grace_period_seconds", "must be between 0 and " + MAX_GRACE_SECONDS);
        }
        return seconds;
    }

    /**
     * An IPv4 or IPv6 block in CIDR notation; a bare address means that address alone. Only
     * literals are accepted: nothing here ever resolves a host name.
     */
    static String cidr(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "must be a CIDR block such as 203.0.113.0/24 or 2001:db8::/32");
        }
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        boolean v4 = IPV4.matcher(address).matches();
        if (v4) {
            var m = IPV4.matcher(address);
            m.matches();
            for (int g = 1; g <= 4; g++) {
                if (Integer.parseInt(m.group(g)) > 255) {
                    throw new InvalidFieldException(field, "'" + value + "' is not a valid IPv4 address");
                }
            }
        } else if (!address.contains(":") || !IPV6.matcher(address).matches() || !isIpLiteral(address)) {
            throw new InvalidFieldException(field, "'" + value + "' is not a valid IPv4 or IPv6 CIDR block");
        }
        int max = v4 ? 32 : 128;
        int bits = max;
        if (slash >= 0) {
            String prefix = value.substring(slash + 1);
            if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > max) {
                throw new InvalidFieldException(field, "prefix length of '" + value + "' must be 0–" + max);
            }
            bits = Integer.parseInt(prefix);
        }
        return address + "/" + bits;
    }

    private static boolean isIpLiteral(String address) {
        try {
            // the pattern above admits hex digits, ':' and '.' only, so this parses a literal, never resolves
            return InetAddress.getByName(address).getAddress().length == 16;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void positive(String field, Integer value) {
        if (value != null && value <= 0) {
            throw new InvalidFieldException(field, "must be a positive number (omit it for the plan's default)");
        }
    }

    /**
     * Printable: no control, format, surrogate, private-use or unassigned code point, and no line
     * or paragraph separator (U+2028, U+2029) — only a description may hold CR, LF and tab.
     */
    private static boolean printable(String s, boolean allowLineBreaks) {
        return s.codePoints().allMatch(c -> allowLineBreaks && (c == '\n' || c == '\r' || c == '\t')
                || !Character.isISOControl(c) && Character.getType(c) != Character.UNASSIGNED
                && Character.getType(c) != Character.FORMAT && Character.getType(c) != Character.SURROGATE
                && Character.getType(c) != Character.PRIVATE_USE
                && Character.getType(c) != Character.LINE_SEPARATOR
                && Character.getType(c) != Character.PARAGRAPH_SEPARATOR);
    }

    /** Space separators and the fillers that render blank: Hangul fillers, the braille blank, the combining grapheme joiner. */
    private static boolean blankLooking(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c)
                || c == 0x3164 || c == 0x115F || c == 0x1160 || c == 0xFFA0 || c == 0x2800 || c == 0x034F;
    }

    /**
     * A key's rate limits may not exceed its organization's plan (the plan's defaults are its
     * maxima; a window the plan leaves open is open); only an {@code admin:*} caller sets more.
     */
    public static void withinPlan(RateLimit asked, io.keyledger.api.organizations.Plan plan) {
        if (asked == null || plan == null) {
            return;
        }
        RateLimit cap = plan.defaultRateLimit();
        cap("per_second", asked.perSecond(), cap.perSecond(), plan);
        cap("burst", asked.burst(), cap.burst(), plan);
        cap("per_minute", asked.perMinute(), cap.perMinute(), plan);
        cap("per_hour", asked.perHour(), cap.perHour(), plan);
        cap("per_day", asked.perDay(), cap.perDay(), plan);
    }

    private static void cap(String field, Integer asked, Integer cap, io.keyledger.api.organizations.Plan plan) {
        if (asked != null && cap != null && asked > cap) {
            throw new InvalidFieldException("rate_limit." + field, "must be at most " + cap + " on the "
                    + plan.name().toLowerCase(java.util.Locale.ROOT) + " plan; only an admin:* key sets limits above the plan");
        }
    }
}
