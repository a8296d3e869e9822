package io.keyledger.api.attempts;

/**
 * The verdict of one verification, in the order the checks run (DESIGN.md §4).
 * {@link #httpStatus()} is the status the forward-auth endpoint answers with.
 */
public enum VerificationCode {
    VALID(200),
    MALFORMED(401),
    NOT_FOUND(401),
    DISABLED(401),
    REVOKED(401),
    EXPIRED(401),
    IP_NOT_ALLOWED(403),
    REFERRER_NOT_ALLOWED(403),
    FORBIDDEN(403),
    RATE_LIMITED(429),
    /** the key's credits cannot cover the verification's cost (API.md, credits) */
    USAGE_EXCEEDED(429);

    private final int httpStatus;

    VerificationCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean allowed() {
        return this == VALID;
    }
}
