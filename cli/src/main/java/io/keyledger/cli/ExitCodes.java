package io.keyledger.cli;

/**
 * The exit codes scripts can rely on (cli/README.md): one per kind of outcome, never the raw
 * HTTP status.
 */
public final class ExitCodes {

    public static final int OK = 0;
    /** Bad flags or arguments, a missing file, a refused confirmation. */
    public static final int USAGE = 1;
    /** 401 or 403: no key, a wrong key, a key without the permission. */
    public static final int AUTH = 2;
    /** 404 (also another organization's id) and 410 (a request claimed already). */
    public static final int NOT_FOUND = 3;
    /** 409 or 412: the target's state or version refuses the change. */
    public static final int CONFLICT = 4;
    /** 400, 413, 415, 422, or import rows rejected: the input was refused. */
    public static final int REJECTED = 5;
    /** 5xx, no answer, a timeout. */
    public static final int SERVER = 6;
    /** 429 after the retries. */
    public static final int RATE_LIMITED = 7;

    private ExitCodes() {
    }

    /** The exit code of an answer with this HTTP status; 0 for no answer at all. */
    public static int forStatus(int status) {
        if (status == 0 || status >= 500) {
            return SERVER;
        }
        return switch (status) {
            case 401, 403 -> AUTH;
            case 404, 410 -> NOT_FOUND;
            case 409, 412 -> CONFLICT;
            case 429 -> RATE_LIMITED;
            default -> status >= 400 ? REJECTED : OK;
        };
    }
}
