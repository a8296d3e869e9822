package io.keyledger.support.auth;

import io.keyledger.api.keys.RateLimit;

/** What {@link CallerDirectory#authenticate} found behind a presented secret. */
sealed interface Authentication {

    /**
     * A current secret of a usable key, with the key's own rules that still apply to the call.
     *
     * @param rateLimit   the key's own {@code rate_limit} as set on the key (unset fields: no limit here)
     * @param ipAllowlist the key's {@code ip_allowlist}
     */
    record Authenticated(Caller caller, RateLimit rateLimit, IpAllowlist ipAllowlist) implements Authentication {
    }

    /** No usable key: {@code refusal} says why (one of the 401 codes). */
    record Unauthenticated(Refusal refusal) implements Authentication {
    }
}
