package io.keyledger.support.auth;

import org.springframework.http.HttpStatus;

/**
 * Why a management call was refused before it reached a controller. The name is the problem's
 * machine-readable {@code code}; the status and detail are what the answer says.
 */
public enum Refusal {
    MISSING_CREDENTIALS(HttpStatus.UNAUTHORIZED, "missing credentials: send 'Authorization: Bearer <key>'"),
    NOT_FOUND(HttpStatus.UNAUTHORIZED, "invalid credentials: no key has this secret"),
    ROTATED_AWAY(HttpStatus.UNAUTHORIZED,
            "this secret was rotated away: inside its grace period it still verifies, but it cannot manage; "
                    + "use the key's current secret"),
    DISABLED(HttpStatus.UNAUTHORIZED, "this key is disabled"),
    REVOKED(HttpStatus.UNAUTHORIZED, "this key is revoked"),
    EXPIRED(HttpStatus.UNAUTHORIZED, "this key has expired"),
    IP_NOT_ALLOWED(HttpStatus.FORBIDDEN, "this key may not be used from this address (its ip_allowlist)"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "this key's own rate_limit is spent"),
    MANAGEMENT_RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "this key's management rate limit is spent");

    private final HttpStatus status;
    private final String detail;

    Refusal(HttpStatus status, String detail) {
        this.status = status;
        this.detail = detail;
    }

    public HttpStatus status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
