package io.keyledger.validator.hotset;

import io.keyledger.api.keys.Restrictions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * A key's IP allow-list and referrer patterns, parsed once when the event arrives so that a
 * verification compares bytes instead of parsing CIDR strings.
 */
public final class KeyRestrictions {

    private final byte[][] networks;
    private final int[] prefixLengths;
    private final String[] exactHosts;
    /** Suffixes of {@code *.example.com} patterns, stored with the leading dot: {@code .example.com}. */
    private final String[] wildcardSuffixes;

    private KeyRestrictions(byte[][] networks, int[] prefixLengths, String[] exactHosts, String[] wildcardSuffixes) {
        this.networks = networks;
        this.prefixLengths = prefixLengths;
        this.exactHosts = exactHosts;
        this.wildcardSuffixes = wildcardSuffixes;
    }

    /** The compiled form, or {@code null} when the key is not restricted at all. */
    static KeyRestrictions compile(Restrictions restrictions) {
        if (restrictions == null || (restrictions.ipAllowlist().isEmpty() && restrictions.referrers().isEmpty())) {
            return null;
        }
        List<String> cidrs = restrictions.ipAllowlist();
        byte[][] networks = new byte[cidrs.size()][];
        int[] prefixes = new int[cidrs.size()];
        for (int i = 0; i < cidrs.size(); i++) {
            String cidr = cidrs.get(i).trim();
            int slash = cidr.indexOf('/');
            byte[] address = parseIp(slash < 0 ? cidr : cidr.substring(0, slash));
            if (address == null) {
                // the command side validates CIDRs; an unparsable one must not open the key to everyone
                address = new byte[0];
            }
            networks[i] = address;
            prefixes[i] = slash < 0 ? address.length * 8 : parsePrefix(cidr.substring(slash + 1), address.length * 8);
        }
        List<String> exact = restrictions.referrers().stream().map(p -> p.trim().toLowerCase(Locale.ROOT))
                .filter(p -> !p.startsWith("*.")).toList();
        List<String> wildcards = restrictions.referrers().stream().map(p -> p.trim().toLowerCase(Locale.ROOT))
                .filter(p -> p.startsWith("*.")).map(p -> p.substring(1)).toList();
        return new KeyRestrictions(networks, prefixes, exact.toArray(String[]::new), wildcards.toArray(String[]::new));
    }

    public boolean restrictsIp() {
        return networks.length > 0;
    }

    public boolean restrictsReferrer() {
        return exactHosts.length + wildcardSuffixes.length > 0;
    }

    /** Whether {@code ip} (an IPv4 or IPv6 literal) lies in one of the allowed networks. */
    public boolean allowsIp(String ip) {
        if (!restrictsIp()) {
            return true;
        }
        byte[] address = parseIp(ip);
        if (address == null) {
            return false;
        }
        for (int i = 0; i < networks.length; i++) {
            if (inNetwork(address, networks[i], prefixLengths[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the referrer's host matches a pattern: {@code example.com} matches that host only,
     * {@code *.example.com} matches any subdomain of it. The referrer may be a URL or a bare host.
     */
    public boolean allowsReferrer(String referrer) {
        if (!restrictsReferrer()) {
            return true;
        }
        String host = hostOf(referrer);
        if (host == null) {
            return false;
        }
        for (String exact : exactHosts) {
            if (exact.equals(host)) {
                return true;
            }
        }
        for (String suffix : wildcardSuffixes) {
            if (host.length() > suffix.length() && host.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    static String hostOf(String referrer) {
        if (referrer == null || referrer.isBlank()) {
            return null;
        }
        String s = referrer.trim();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int end = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        s = s.substring(0, end);
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            s = s.substring(at + 1);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            s = close < 0 ? s : s.substring(1, close);
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0) {
                s = s.substring(0, colon);
            }
        }
        return s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
    }

    private static boolean inNetwork(byte[] address, byte[] network, int prefixLength) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainingBits)) & 0xFF;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    private static int parsePrefix(String s, int max) {
        try {
            int prefix = Integer.parseInt(s.trim());
            return prefix < 0 || prefix > max ? max : prefix;
        } catch (NumberFormatException e) {
            return max;
        }
    }

    /**
     * The address bytes of an IP literal (4 for IPv4, 16 for IPv6; IPv4-mapped IPv6 becomes 4),
     * or {@code null}. Never resolves a host name: IPv4 is parsed here, and IPv6 is handed to
     * {@link InetAddress} only when it consists of IPv6 characters, which makes the JDK treat
     * it as a literal.
     */
    static byte[] parseIp(String ip) {
        if (ip == null || ip.isEmpty() || ip.length() > 45) {
            return null;
        }
        String s = ip.trim();
        if (s.indexOf(':') < 0) {
            return parseIpv4(s);
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return null;
            }
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] parseIpv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }
}
