package io.keyledger.support.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.keyledger.support.auth.ForbiddenException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into {@code application/problem+json} (API.md): bad input names the
 * field and never becomes a 500; an unexpected failure is a 500 without a stack trace or
 * message in the answer (it is logged instead). Services add their own advice for their own
 * exceptions; this one runs last.
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.LOWEST_PRECEDENCE)
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
        ProblemDetail problem = cause instanceof java.time.DateTimeException
                && ex.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? timestampProblem(path(mapping))
                : describeUnreadable(cause);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> Problems.fieldError(snakeCase(e.getField()), e.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(Problems.validation(
                errors.stream().map(e -> e.get("field") + ": " + e.get("message")).collect(Collectors.joining("; ")),
                errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<Map<String, String>> errors = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(e -> Problems.fieldError(
                        String.valueOf(r.getMethodParameter().getParameterName()), e.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(Problems.validation("invalid request parameters", errors));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
        return Problems.validation("parameter '" + ex.getName() + "' has an invalid value",
                List.of(Problems.fieldError(ex.getName(), "invalid value")));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badInput(IllegalArgumentException ex) {
        return Problems.of(HttpStatus.BAD_REQUEST, ex.getMessage());
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException ex) {
        return Problems.of(HttpStatus.FORBIDDEN, ex.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException ex) {
        return Problems.of(HttpStatus.NOT_FOUND, ex.getMessage());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException ex) {
        return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, ex.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        log.error("request failed", ex);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    private static ProblemDetail describeUnreadable(Throwable cause) {
        if (cause instanceof PayloadTooLargeException tooLarge) {
            return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage());
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return Problems.validation("unknown field '" + field + "'",
                    List.of(Problems.fieldError(field, "unknown field")));
        }
        if (cause instanceof InvalidFormatException invalid) {
            String field = path(invalid);
            Class<?> target = invalid.getTargetType();
            String message = target != null && target.isEnum()
                    ? "must be one of " + Arrays.stream(target.getEnumConstants())
                            .map(c -> c.toString().toLowerCase()).toList()
                    : "must be a valid " + (target == null ? "value" : simpleType(target));
            return Problems.validation("field '" + field + "' " + message, List.of(Problems.fieldError(field, message)));
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            String message = "has the wrong type" + (mismatch.getTargetType() == null ? ""
                    : ", expected " + simpleType(mismatch.getTargetType()));
            return Problems.validation("field '" + field + "' " + message, List.of(Problems.fieldError(field, message)));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            String message = mapping.getOriginalMessage();
            return Problems.validation("field '" + field + "' is invalid: " + message,
                    List.of(Problems.fieldError(field, message)));
        }
        if (cause instanceof JsonParseException || cause instanceof JsonProcessingException) {
            return Problems.of(HttpStatus.BAD_REQUEST, "malformed JSON: "
                    + ((JsonProcessingException) cause).getOriginalMessage());
        }
        return Problems.of(HttpStatus.BAD_REQUEST, "request body is missing or unreadable");
    }

    /** An unparseable time surfaces as a DateTimeException under Jackson's, which knows the field. */
    private static ProblemDetail timestampProblem(String field) {
        String message = "must be an RFC 3339 timestamp, e.g. 2030-01-31T12:00:00Z";
        return Problems.validation("field '" + field + "' " + message, List.of(Problems.fieldError(field, message)));
    }

    private static String path(JsonMappingException ex) {
        return ex.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String simpleType(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == String.class) {
            return "string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (type.getName().startsWith("java.time")) {
            return "RFC 3339 timestamp";
        }
        return "object";
    }

    private static String snakeCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
