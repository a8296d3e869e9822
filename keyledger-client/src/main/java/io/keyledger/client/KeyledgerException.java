package io.keyledger.client;

/**
 * A call that did not succeed: an error answer (its status and problem {@code detail}), or no
 * answer at all ({@code status} 0: connect failure or timeout, after the retries).
 */
public class KeyledgerException extends RuntimeException {

    private final int status;
    private final String problem;

    public KeyledgerException(int status, String detail, String problem, Throwable cause) {
        super(status == 0 ? detail : status + ": " + detail, cause);
        this.status = status;
        this.problem = problem;
    }

    /** The HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The problem+json body as received, or {@code null}. */
    public String problem() {
        return problem;
    }
}
