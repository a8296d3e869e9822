package io.keyledger.command.idempotency;

/** A request with the same Idempotency-Key is still being processed: 409, retry later. */
public class IdempotencyConflictException extends RuntimeException {

    IdempotencyConflictException() {
        super("a request with this Idempotency-Key is still in progress; retry shortly");
    }
}
