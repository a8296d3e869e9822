package io.keyledger.command.web;

import io.keyledger.command.keys.KeyAuthorityException;
import io.keyledger.support.auth.ForbiddenException;

import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.command.keys.KeyLifecycleException;
import io.keyledger.command.keys.KeyNotFoundException;
import io.keyledger.command.keys.VersionMismatchException;
import io.keyledger.support.web.ApiExceptionHandler;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Why a command handler refused a command, in a form that survives the trip back from a remote
 * handler. With Axon Server (compose profile) a handler's exception reaches the dispatcher only
 * as a {@link CommandExecutionException} with serialized details; {@link CommandRejections}
 * puts this record there, and the exception handler turns it back into the right status.
 */
record CommandRejection(Kind kind, String message, String field, String reason, Long currentVersion) {

    enum Kind { INVALID_FIELD, INVALID, NOT_FOUND, FORBIDDEN, LIFECYCLE, VERSION_MISMATCH, GONE }

    /**
     * The rejection a domain exception stands for, or {@code null} for anything unexpected: an
     * {@code IllegalArgumentException} a library threw (its message is not written for the caller,
     * e.g. "long overflow") is unexpected, and answered without its text.
     */
    static CommandRejection of(Throwable e) {
        if (e instanceof InvalidFieldException invalid) {
            return new CommandRejection(Kind.INVALID_FIELD, invalid.getMessage(), invalid.field(), invalid.reason(), null);
        }
        if (e instanceof KeyNotFoundException) {
            return new CommandRejection(Kind.NOT_FOUND, e.getMessage(), null, null, null);
        }
        if (e instanceof AggregateNotFoundException missing) {
            // Axon's own message speaks of aggregates and event stores; the caller asked for a key
            return new CommandRejection(Kind.NOT_FOUND, new KeyNotFoundException(String.valueOf(missing.getAggregateIdentifier())).getMessage(),
                    null, null, null);
        }
        if (e instanceof ForbiddenException) {
            return new CommandRejection(Kind.FORBIDDEN, e.getMessage(), null, null, null);
        }
        if (e instanceof KeyLifecycleException) {
            return new CommandRejection(Kind.LIFECYCLE, e.getMessage(), null, null, null);
        }
        if (e instanceof io.keyledger.command.requests.KeyRequestGoneException) {
            return new CommandRejection(Kind.GONE, e.getMessage(), null, null, null);
        }
        if (e instanceof VersionMismatchException mismatch) {
            return new CommandRejection(Kind.VERSION_MISMATCH, e.getMessage(), null, null, mismatch.currentVersion());
        }
        if (e instanceof IllegalArgumentException && ApiExceptionHandler.isApplicationRefusal(e)) {
            return new CommandRejection(Kind.INVALID, e.getMessage(), null, null, null);
        }
        return null;
    }

    /** The domain exception again, so the one exception handler serves local and remote handlers alike. */
    RuntimeException toException() {
        return switch (kind) {
            case INVALID_FIELD -> new InvalidFieldException(field, reason);
            case INVALID -> new IllegalArgumentException(message);
            case NOT_FOUND -> new KeyNotFoundException.Described(message);
            case FORBIDDEN -> new KeyAuthorityException(message);
            case LIFECYCLE -> new KeyLifecycleException(message);
            case VERSION_MISMATCH -> new VersionMismatchException(message, currentVersion);
            case GONE -> new io.keyledger.command.requests.KeyRequestGoneException(message);
        };
    }
}
