package io.keyledger.command.webhooks;

import io.keyledger.command.keys.InvalidFieldException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where deliveries may go (SSRF): {@code https} only unless {@code keyledger.webhooks.allow-http},
 * and no loopback, private, link-local, carrier-grade NAT, unique-local, multicast or unspecified
 * address unless {@code keyledger.webhooks.allow-private-targets}. The host is resolved and
 * <em>every</em> address it resolves to must be allowed — at registration and again before each
 * delivery, so a name that later points inside is refused then (the remaining window is between
 * this check and the HTTP client's own lookup; see the README).
 */
final class TargetPolicy {

    /** Name resolution, replaceable in tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowHttp;
    private final boolean allowPrivate;
    private final Resolver resolver;

    TargetPolicy(boolean allowHttp, boolean allowPrivate, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    TargetPolicy(boolean allowHttp, boolean allowPrivate) {
        this(allowHttp, allowPrivate, InetAddress::getAllByName);
    }

    /** @throws InvalidFieldException naming {@code url} when the target is not allowed */
    URI check(String url) {
        URI uri = WebhookRules.requireShape(url);
        if (uri.getScheme().toLowerCase(Locale.ROOT).equals("http") && !allowHttp) {
            throw new InvalidFieldException("url", "must be https; this deployment does not allow http targets");
        }
        if (allowPrivate) {
            return uri;
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new InvalidFieldException("url", "the host does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new InvalidFieldException("url", "the host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new InvalidFieldException("url", "the host resolves to a private, loopback or link-local address ("
                        + address.getHostAddress() + "); this deployment does not allow such targets");
            }
        }
        return uri;
    }

    /** Whether an address is one a delivery may reach when private targets are not allowed. */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b, 0);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return false; // fec0::/10 site local (deprecated)
            }
            if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return isPublicV4(b, 12); // ::ffff:a.b.c.d
            }
            if (isZero(b, 0, 12)) {
                return isPublicV4(b, 12) && !isZero(b, 12, 4); // ::a.b.c.d (compatible), :: and ::1 above
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return isPublicV4(b, 12); // 64:ff9b::/96 NAT64
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return isPublicV4(b, 2); // 2002::/16 6to4 embeds an IPv4 address
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b, int at) {
        int a = b[at] & 0xff;
        int c = b[at + 1] & 0xff;
        if (a == 0 || a == 10 || a == 127 || a >= 224) {
            return false; // this network, private, loopback, multicast and reserved, broadcast
        }
        if (a == 169 && c == 254 || a == 172 && (c & 0xf0) == 16 || a == 192 && c == 168) {
            return false; // link local, private
        }
        if (a == 100 && (c & 0xc0) == 64) {
            return false; // 100.64.0.0/10 carrier-grade NAT
        }
        if (a == 198 && (c & 0xfe) == 18) {
            return false; // 198.18.0.0/15 benchmarking
        }
        return !(a == 192 && c == 0 && (b[at + 2] & 0xff) == 0); // 192.0.0.0/24 protocol assignments
    }

    private static boolean isZero(byte[] b, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
