package io.keyledger.command.idempotency;

/** The Idempotency-Key was used before with a different request body: 422. */
public class IdempotencyMismatchException extends RuntimeException {

    IdempotencyMismatchException() {
        super("this Idempotency-Key was already used with a different request body");
    }
}
