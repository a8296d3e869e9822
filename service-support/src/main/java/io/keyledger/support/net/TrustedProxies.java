package io.keyledger.support.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which address a request is judged by (DESIGN §8): the TCP peer, unless the peer is one of the
 * configured trusted proxies ({@code keyledger.trusted-proxies}, CIDRs, default loopback); then the
 * rightmost {@code X-Forwarded-For} hop that is not itself a trusted proxy, or {@code X-Real-IP}
 * when no {@code X-Forwarded-For} is sent. A client that is not a trusted proxy cannot choose its
 * address with either header. Plain Java: the servlet services and the validator's Netty path
 * share it.
 */
public final class TrustedProxies {

    /** The default: loopback only, IPv4 and IPv6. */
    public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

    private final byte[][] networks;
    private final int[] prefixLengths;

    private TrustedProxies(byte[][] networks, int[] prefixLengths) {
        this.networks = networks;
        this.prefixLengths = prefixLengths;
    }

    /** @throws IllegalArgumentException naming the entry that is not a CIDR or an address literal */
    public static TrustedProxies of(List<String> cidrs) {
        List<byte[]> nets = new ArrayList<>();
        List<Integer> prefixes = new ArrayList<>();
        for (String raw : cidrs) {
            String cidr = raw.trim();
            if (cidr.isEmpty()) {
                continue;
            }
            int slash = cidr.indexOf('/');
            byte[] address = parseLiteral(slash < 0 ? cidr : cidr.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("keyledger.trusted-proxies: '" + cidr + "' is not a CIDR");
            }
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(cidr.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("keyledger.trusted-proxies: '" + cidr + "' has a bad prefix length");
                }
            }
            nets.add(address);
            prefixes.add(prefix);
        }
        return new TrustedProxies(nets.toArray(byte[][]::new), prefixes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Whether {@code address} (an IP literal) is a trusted proxy. */
    public boolean isTrusted(String address) {
        byte[] bytes = parseLiteral(address);
        if (bytes == null) {
            return false;
        }
        for (int i = 0; i < networks.length; i++) {
            if (contains(networks[i], prefixLengths[i], bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client address to judge a request by.
     *
     * @param peer          the TCP peer's address literal
     * @param xForwardedFor the {@code X-Forwarded-For} header (all values joined by commas), or {@code null}
     * @param xRealIp       the {@code X-Real-IP} header, or {@code null}
     */
    public String clientAddress(String peer, String xForwardedFor, String xRealIp) {
        if (peer == null || !isTrusted(peer)) {
            return peer;
        }
        if (xForwardedFor != null && !xForwardedFor.isBlank()) {
            String[] hops = xForwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (parseLiteral(hop) == null) {
                    // garbage in the chain: nothing to the left of it can be trusted either
                    return peer;
                }
                if (!isTrusted(hop)) {
                    return hop;
                }
            }
            return peer;
        }
        if (xRealIp != null && parseLiteral(xRealIp.trim()) != null) {
            return xRealIp.trim();
        }
        return peer;
    }

    /** The bytes of an IPv4 or IPv6 literal, or {@code null}; never a DNS lookup. */
    public static byte[] parseLiteral(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return parseIpv4(text);
        }
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            boolean ok = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return null;
            }
        }
        try {
            // only hex digits, colons and dots: InetAddress parses it as a literal, without DNS
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] parseIpv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i == text.length() ? '.' : text.charAt(i);
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static boolean contains(byte[] network, int prefix, byte[] address) {
        if (network.length != address.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (network[full] & mask) == (address[full] & mask);
    }
}
