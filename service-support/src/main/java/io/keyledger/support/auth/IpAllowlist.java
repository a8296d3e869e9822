package io.keyledger.support.auth;

import io.keyledger.support.net.TrustedProxies;
import java.util.ArrayList;
import java.util.List;

/**
 * A key's {@code ip_allowlist}, compiled once when its event arrives. Empty: any address. An
 * entry that is not a CIDR (the command side validates them) matches nothing, so a bad entry
 * never opens the key to every address.
 */
final class IpAllowlist {

    static final IpAllowlist ANY = new IpAllowlist(false, TrustedProxies.of(List.of()));

    private final boolean restricted;
    private final TrustedProxies networks;

    private IpAllowlist(boolean restricted, TrustedProxies networks) {
        this.restricted = restricted;
        this.networks = networks;
    }

    static IpAllowlist of(List<String> cidrs) {
        if (cidrs == null || cidrs.isEmpty()) {
            return ANY;
        }
        List<String> valid = new ArrayList<>();
        for (String cidr : cidrs) {
            if (cidr == null) {
                continue;
            }
            try {
                TrustedProxies.of(List.of(cidr));
                valid.add(cidr);
            } catch (RuntimeException notACidr) {
                // skipped: matches nothing
            }
        }
        // TrustedProxies is the CIDR matcher of the client-address rule; here it matches the allow-list
        return new IpAllowlist(true, TrustedProxies.of(valid));
    }

    /** Whether a call from {@code address} (an IP literal, or {@code null} when unknown) may use the key. */
    boolean allows(String address) {
        return !restricted || (address != null && networks.isTrusted(address));
    }
}
