package io.keyledger.support.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyledger.api.attempts.VerificationCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a keyledger specification (a {@code /v3/api-docs} document) must hold to describe the wire
 * (issue 15): no {@code caller} parameter, snake_case property names, enum values as written
 * (lower case; verification codes upper case), a Bearer scheme, a title and a description, and
 * problem+json for every error answer. {@link #violations} lists what is wrong, each with its place,
 * for the tests of each service and of the running stack.
 */
public final class SpecRules {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Set<String> CODES = Arrays.stream(VerificationCode.values()).map(Enum::name)
            .collect(Collectors.toSet());

    private SpecRules() {
    }

    public static List<String> violations(JsonNode spec) {
        List<String> found = new ArrayList<>();
        String title = spec.path("info").path("title").asText("");
        if (title.isBlank() || title.equals("OpenAPI definition")) {
            found.add("info.title is not set: '" + title + "'");
        }
        if (spec.path("info").path("description").asText("").isBlank()) {
            found.add("info.description is not set");
        }
        JsonNode bearer = spec.path("components").path("securitySchemes").path(WireConventions.BEARER);
        if (!"http".equals(bearer.path("type").asText()) || !"bearer".equalsIgnoreCase(bearer.path("scheme").asText())) {
            found.add("components.securitySchemes.bearer is not an HTTP bearer scheme: " + bearer);
        }
        walk(spec, "$", found);
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String where = operation.getKey().toUpperCase() + " " + path.getKey();
                operation.getValue().path("responses").fields().forEachRemaining(response -> {
                    if (response.getValue().path("content").has("*/*")) {
                        found.add(where + " " + response.getKey() + " answers */* instead of its media type");
                    }
                    if (response.getKey().matches("[45]\\d\\d")) {
                        JsonNode content = response.getValue().path("content");
                        if (content.size() != 1 || !content.has(WireConventions.PROBLEM_JSON)) {
                            found.add(where + " " + response.getKey() + " is not only application/problem+json: "
                                    + content.fieldNames().next());
                        }
                    }
                });
            }
        }
        return found;
    }

    private static void walk(JsonNode node, String where, List<String> found) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "[" + i + "]", found);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.has("in") && node.has("name") && "caller".equalsIgnoreCase(node.path("name").asText())) {
            found.add(where + ": a 'caller' parameter");
        }
        if (node.path("properties").isObject()) {
            node.path("properties").fieldNames().forEachRemaining(name -> {
                if (!SNAKE_CASE.matcher(name).matches()) {
                    found.add(where + ".properties." + name + " is not snake_case");
                }
            });
        }
        if (node.path("enum").isArray()) {
            List<String> values = new ArrayList<>();
            node.path("enum").forEach(value -> values.add(value.asText()));
            boolean codes = CODES.containsAll(values);
            boolean lower = values.stream().allMatch(value -> value.equals(value.toLowerCase()));
            if (!codes && !lower) {
                found.add(where + ".enum is not as on the wire (lower case): " + values);
            }
        }
        node.fields().forEachRemaining(field -> walk(field.getValue(), where + "." + field.getKey(), found));
    }
}
