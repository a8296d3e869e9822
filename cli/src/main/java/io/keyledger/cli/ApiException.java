package io.keyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** An error answer of the API (its status and problem+json body), or no answer (status 0). */
public final class ApiException extends RuntimeException {

    private final int status;
    private final transient JsonNode problem;

    public ApiException(int status, String message, JsonNode problem) {
        super(message);
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    /** The problem+json body, or {@code null}. */
    public JsonNode problem() {
        return problem;
    }

    public int exitCode() {
        return ExitCodes.forStatus(status);
    }

    /** One line per fact: status and title, the detail, each field error; never a request body. */
    public String describe() {
        StringBuilder out = new StringBuilder("error: ");
        if (status == 0) {
            return out.append(getMessage()).toString();
        }
        out.append(status);
        if (problem != null && problem.hasNonNull("title")) {
            out.append(' ').append(problem.get("title").asText());
        }
        if (problem != null && problem.hasNonNull("code")) {
            out.append(" (").append(problem.get("code").asText()).append(')');
        }
        String detail = problem != null && problem.hasNonNull("detail") ? problem.get("detail").asText() : getMessage();
        if (detail != null && !detail.isBlank()) {
            out.append(": ").append(detail);
        }
        if (problem != null && problem.path("errors").isArray()) {
            for (JsonNode e : problem.get("errors")) {
                String line = e.path("field").asText("?") + ": " + e.path("message").asText();
                if (!line.equals(detail)) {
                    out.append("\n  ").append(line);
                }
            }
        }
        return out.toString();
    }

    /** The problem's detail (and field errors) in one line, for a report row. */
    public String reason() {
        if (problem == null) {
            return getMessage();
        }
        String detail = problem.path("detail").asText(getMessage());
        StringBuilder out = new StringBuilder(detail);
        for (JsonNode e : problem.path("errors")) {
            String line = e.path("field").asText("?") + ": " + e.path("message").asText();
            if (!line.equals(detail)) {
                out.append("; ").append(line);
            }
        }
        return out.toString();
    }
}
