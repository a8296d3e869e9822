package io.keyledger.command.web;

import io.keyledger.command.secrets.SecretInUseException;
import io.keyledger.command.secrets.SecretRegistry;

import io.keyledger.support.auth.ForbiddenException;

import io.keyledger.command.idempotency.IdempotencyConflictException;
import io.keyledger.command.idempotency.IdempotencyMismatchException;
import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.command.keys.KeyLifecycleException;
import io.keyledger.command.keys.KeyNotFoundException;
import io.keyledger.command.keys.VersionMismatchException;
import io.keyledger.command.organizations.KeyQuota;
import io.keyledger.support.web.Problems;
import java.util.List;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The command side's own failures as problem+json (API.md); everything else falls through to
 * service-support's handler. Messages never carry a secret: the exceptions are built from ids,
 * versions and field names only.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommandExceptionHandler.class);

    /** A handler's rejection, wrapped by {@link CommandRejections}: answered as the domain exception it stands for. */
    @ExceptionHandler(CommandExecutionException.class)
    Object rejected(CommandExecutionException ex) {
        RuntimeException cause = ex.<CommandRejection>getDetails()
                .map(CommandRejection::toException)
                .orElse(null);
        if (cause == null && SecretRegistry.isDuplicateSecret(ex)) {
            return lifecycle(new SecretInUseException("key"));
        }
        if (cause == null) {
            // a remote handler failed unexpectedly: its message may say anything, so it stays in the log
            log.error("command failed", ex);
            return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
        if (cause instanceof InvalidFieldException invalid) {
            return invalidField(invalid);
        }
        if (cause instanceof KeyNotFoundException notFound) {
            return notFound(notFound);
        }
        if (cause instanceof KeyLifecycleException lifecycle) {
            return lifecycle(lifecycle);
        }
        if (cause instanceof ForbiddenException forbidden) {
            return Problems.of(HttpStatus.FORBIDDEN, forbidden.getMessage());
        }
        if (cause instanceof VersionMismatchException mismatch) {
            return versionMismatch(mismatch);
        }
        if (cause instanceof io.keyledger.command.requests.KeyRequestGoneException gone) {
            return gone(gone);
        }
        return Problems.of(HttpStatus.BAD_REQUEST, cause.getMessage());
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException ex) {
        return Problems.validation(ex.getMessage(), List.of(Problems.fieldError(ex.field(), ex.reason())));
    }

    @ExceptionHandler({KeyNotFoundException.class, AggregateNotFoundException.class})
    ProblemDetail notFound(RuntimeException ex) {
        return Problems.of(HttpStatus.NOT_FOUND, ex instanceof KeyNotFoundException
                ? ex.getMessage() : "no such resource");
    }

    /** A key request claimed already: its key was shown once, to that claim (410). */
    @ExceptionHandler(io.keyledger.command.requests.KeyRequestGoneException.class)
    ProblemDetail gone(io.keyledger.command.requests.KeyRequestGoneException ex) {
        return Problems.of(HttpStatus.GONE, ex.getMessage());
    }

    @ExceptionHandler(KeyLifecycleException.class)
    ProblemDetail lifecycle(KeyLifecycleException ex) {
        return Problems.of(HttpStatus.CONFLICT, ex.getMessage());
    }

    /** A constraint of the command side's tables at commit: a secret two creations raced for is 409, anything else stays a 500. */
    @ExceptionHandler({org.springframework.dao.DataAccessException.class, jakarta.persistence.PersistenceException.class,
            org.springframework.transaction.TransactionException.class})
    ProblemDetail dataAccess(RuntimeException ex) {
        if (SecretRegistry.isDuplicateSecret(ex)) {
            return lifecycle(new SecretInUseException("key"));
        }
        log.error("command failed", ex);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    @ExceptionHandler(VersionMismatchException.class)
    ResponseEntity<ProblemDetail> versionMismatch(VersionMismatchException ex) {
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
                .header(HttpHeaders.ETAG, "\"" + ex.currentVersion() + "\"")
                .body(Problems.of(HttpStatus.PRECONDITION_FAILED, ex.getMessage()));
    }

    /** Two writers appended to the same key at once (e.g. two instances): the loser may retry. */
    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrent(ConcurrencyException ex) {
        return Problems.of(HttpStatus.CONFLICT, "the key was changed concurrently; retry the request");
    }

    @ExceptionHandler(KeyQuota.QuotaExceededException.class)
    ProblemDetail quotaExceeded(KeyQuota.QuotaExceededException ex) {
        return Problems.of(HttpStatus.CONFLICT, ex.getMessage());
    }

    @ExceptionHandler(IdempotencyMismatchException.class)
    ProblemDetail idempotencyMismatch(IdempotencyMismatchException ex) {
        return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, ex.getMessage());
    }

    @ExceptionHandler(IdempotencyConflictException.class)
    ProblemDetail idempotencyInProgress(IdempotencyConflictException ex) {
        return Problems.of(HttpStatus.CONFLICT, ex.getMessage());
    }
}
