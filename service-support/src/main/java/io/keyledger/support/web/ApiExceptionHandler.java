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

    /**
     * Whether {@code ex} is the application's own refusal, whose message was written for the
     * caller: an exception of the API's own types, or a plain {@link IllegalArgumentException}
     * thrown by keyledger code. Anything else (a JDK or library exception, e.g. an
     * {@code ArithmeticException} or a {@code NumberFormatException}) keeps its message to the log.
     */
    public static boolean isApplicationRefusal(Throwable ex) {
        if (ex instanceof ForbiddenException || ex instanceof NotFoundException || ex instanceof PayloadTooLargeException
                || ex instanceof Instants.InvalidInstantException) {
            return true;
        }
        if (ex == null || ex.getClass() != IllegalArgumentException.class && !isKeyledgerType(ex.getClass())) {
            return false;
        }
        StackTraceElement[] trace = ex.getStackTrace();
        return isKeyledgerType(ex.getClass()) || trace.length > 0 && trace[0].getClassName().startsWith("io.keyledger.");
    }

    private static boolean isKeyledgerType(Class<?> type) {
        return type.getName().startsWith("io.keyledger.");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = describeUnreadable(ex.getMostSpecificCause(), mappingException(ex));
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static JsonMappingException mappingException(Throwable ex) {
        for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                return mapping;
            }
        }
        return null;
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
        String message = ex.getMostSpecificCause() instanceof Instants.InvalidInstantException invalid
                ? invalid.getMessage() : "has an invalid value";
        return Problems.validation(Instants.parameterMessage(ex.getName(), message),
                List.of(Problems.fieldError(ex.getName(), message)));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badInput(IllegalArgumentException ex) {
        if (!isApplicationRefusal(ex)) {
            log.warn("request refused for an unexpected reason", ex);
            return Problems.of(HttpStatus.BAD_REQUEST, "invalid request");
        }
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

    /** Names the field (its JSON path) and what is wrong with it; never quotes the exception's text. */
    private static ProblemDetail describeUnreadable(Throwable cause, JsonMappingException mapping) {
        if (cause instanceof PayloadTooLargeException tooLarge) {
            return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage());
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return fieldProblem(field, "is not a field of this request");
        }
        if (mapping != null) {
            String field = path(mapping);
            if (cause instanceof Instants.InvalidInstantException invalid) {
                return fieldProblem(field, invalid.getMessage());
            }
            if (cause instanceof java.time.DateTimeException) {
                return fieldProblem(field, Instants.FORMAT);
            }
            if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                    && invalid.getTargetType().isEnum()) {
                return fieldProblem(field, "must be one of " + Arrays.stream(invalid.getTargetType().getEnumConstants())
                        .map(c -> c.toString().toLowerCase()).toList());
            }
            Class<?> target = mapping instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
            if (target != null && target.getName().startsWith("java.time")) {
                return fieldProblem(field, Instants.FORMAT);
            }
            return fieldProblem(field, target == null ? "is invalid" : "must be a " + simpleType(target));
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getOriginalMessage() != null
                && mismatch.getOriginalMessage().startsWith("Trailing token")) {
            return Problems.of(HttpStatus.BAD_REQUEST, "malformed JSON: the body holds more than one value"
                    + location(mismatch));
        }
        if (cause instanceof JsonParseException parse) {
            if (parse.getOriginalMessage() != null && parse.getOriginalMessage().startsWith("Duplicate field")
                    && parse.getProcessor() != null) {
                String field;
                try {
                    field = parse.getProcessor().currentName();
                } catch (java.io.IOException | RuntimeException e) {
                    field = null;
                }
                return Problems.of(HttpStatus.BAD_REQUEST, "malformed JSON: duplicate field"
                        + (field == null ? "" : " '" + field + "'"));
            }
            return Problems.of(HttpStatus.BAD_REQUEST, "malformed JSON" + location(parse));
        }
        if (cause instanceof java.io.CharConversionException) {
            return Problems.of(HttpStatus.BAD_REQUEST, "request body is not well-formed UTF-8");
        }
        if (cause instanceof JsonProcessingException processing) {
            return Problems.of(HttpStatus.BAD_REQUEST, "malformed JSON" + location(processing));
        }
        return Problems.of(HttpStatus.BAD_REQUEST, "request body is missing or unreadable");
    }

    private static ProblemDetail fieldProblem(String field, String message) {
        return Problems.validation("field '" + field + "' " + message, List.of(Problems.fieldError(field, message)));
    }

    private static String location(JsonProcessingException ex) {
        return ex.getLocation() == null ? ""
                : " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")";
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
