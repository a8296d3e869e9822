package io.keyledger.api.keys;

import java.util.List;

/**
 * Where a key may be used from. Empty lists mean "no restriction".
 *
 * @param ipAllowlist CIDR blocks (IPv4 or IPv6) the caller's address must fall into
 * @param referrers   host patterns ({@code example.com}, {@code *.example.com}) the referrer must match
 */
public record Restrictions(List<String> ipAllowlist, List<String> referrers) {

    public static final Restrictions NONE = new Restrictions(List.of(), List.of());

    public Restrictions {
        ipAllowlist = ipAllowlist == null ? List.of() : List.copyOf(ipAllowlist);
        referrers = referrers == null ? List.of() : List.copyOf(referrers);
    }
}
