package io.keyledger.query.anomalies;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The network an address belongs to for the new-network rule: its /24 (IPv4) or /48 (IPv6). */
public final class Networks {

    private Networks() {
    }

    /** The network in CIDR notation, or {@code null} when {@code ip} is not an IP literal. */
    public static String of(String ip) {
        if (ip == null || ip.isBlank()) {
            return null;
        }
        String address = ip.trim();
        if (address.indexOf(':') >= 0) {
            return ipv6(address);
        }
        String network = asciiIpv4(address);
        if (network != null || isAscii(address)) {
            return network;
        }
        // other Unicode digits are digits to Character.isDigit and Integer.parseInt
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            octets[i] = Integer.parseInt(parts[i]);
            if (octets[i] > 255) {
                return null;
            }
        }
        return octets[0] + "." + octets[1] + "." + octets[2] + ".0/24";
    }

    /**
     * The /24 of four dot-separated ASCII numbers of 1-3 digits up to 255, else {@code null}:
     * every attempt's address is read, without splitting it into strings.
     */
    private static String asciiIpv4(String address) {
        int[] octets = new int[4];
        int part = 0;
        int digits = 0;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == '.' && digits > 0 && part < 3) {
                part++;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                octets[part] = octets[part] * 10 + (c - '0');
                digits++;
            } else {
                return null;
            }
        }
        if (part != 3 || digits == 0 || octets[0] > 255 || octets[1] > 255 || octets[2] > 255 || octets[3] > 255) {
            return null;
        }
        return octets[0] + "." + octets[1] + "." + octets[2] + ".0/24";
    }

    private static boolean isAscii(String address) {
        return address.chars().allMatch(c -> c < 128);
    }

    private static String ipv6(String address) {
        // only hex digits, colons and dots (an embedded IPv4 tail): never a host name, so no DNS lookup
        if (!address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length == 4) {
                return of(InetAddress.getByAddress(bytes).getHostAddress());
            }
            return String.format("%x:%x:%x::/48",
                    ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff),
                    ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff),
                    ((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff));
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
