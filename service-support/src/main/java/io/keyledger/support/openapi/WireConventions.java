package io.keyledger.support.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;


/**
 * What every keyledger specification says the same way (API.md "Conventions"): the Bearer
 * security scheme (an API key), errors as {@code application/problem+json} {@code Problem}s, the
 * headers of optimistic locking ({@code If-Match} → {@code ETag}, 412), idempotent creation
 * ({@code Idempotency-Key} → 409, 422) and of the management rate limit (429 {@code Retry-After}).
 * An operation that declares {@code security: []} (the validator's {@code /v1/verify}) gets no
 * 401/403/429 from here.
 */
public final class WireConventions {

    public static final String BEARER = "bearer";
    public static final String PROBLEM = "Problem";
    public static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    public void apply(OpenAPI api) {
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.setComponents(components);
        if (components.getSecuritySchemes() == null || !components.getSecuritySchemes().containsKey(BEARER)) {
            components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .description("an API key, e.g. `Authorization: Bearer kl_live_…`; its permissions decide what it may call"));
        }
        if (api.getSecurity() == null || api.getSecurity().isEmpty()) {
            api.addSecurityItem(new SecurityRequirement().addList(BEARER));
        }
        components.addSchemas(PROBLEM, problemSchema());
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> conventions(path, method, operation, secured(api, operation))));
        stableOperationIds(api);
    }

    /**
     * springdoc makes a repeated method name unique with a counter ({@code create_1}) that depends
     * on the order it met the controllers, so a generated client's {@code create1} changes meaning
     * when an endpoint is added. Here a name used by several operations is prefixed with the
     * operation's tag instead ({@code apiKeysCreate}, {@code webhooksCreate}); a unique one stays.
     */
    static void stableOperationIds(OpenAPI api) {
        java.util.List<Operation> all = new java.util.ArrayList<>();
        api.getPaths().values().forEach(item -> all.addAll(item.readOperations()));
        // springdoc's default tag is the class name (key-controller); the API names the resource (key)
        for (Operation operation : all) {
            if (operation.getTags() != null) {
                operation.setTags(operation.getTags().stream().map(t -> t.replaceFirst("-controller$", "")).toList());
            }
        }
        if (api.getTags() != null) {
            api.getTags().forEach(t -> t.setName(t.getName().replaceFirst("-controller$", "")));
        }
        java.util.Map<String, Long> uses = new java.util.HashMap<>();
        for (Operation operation : all) {
            if (operation.getOperationId() != null) {
                operation.setOperationId(operation.getOperationId().replaceFirst("_\\d+$", ""));
                uses.merge(operation.getOperationId(), 1L, Long::sum);
            }
        }
        for (Operation operation : all) {
            String id = operation.getOperationId();
            if (id != null && uses.get(id) > 1 && operation.getTags() != null && !operation.getTags().isEmpty()) {
                operation.setOperationId(camel(operation.getTags().get(0)) + Character.toUpperCase(id.charAt(0)) + id.substring(1));
            }
        }
    }

    /** {@code api-keys} → {@code apiKeys}, {@code API keys} → {@code apiKeys}, {@code dead-letter-controller} → {@code deadLetterController}. */
    private static String camel(String tag) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : tag.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (!Character.isLetterOrDigit(c)) {
                up = out.length() > 0;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }

    private static boolean secured(OpenAPI api, Operation operation) {
        return operation.getSecurity() == null ? api.getSecurity() != null && !api.getSecurity().isEmpty()
                : !operation.getSecurity().isEmpty();
    }

    private static void conventions(String path, PathItem.HttpMethod method, Operation operation, boolean secured) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        // a request body, a path or a query parameter can be malformed; headers alone (/v1/auth) are read as given
        boolean takesInput = operation.getRequestBody() != null || (operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> "path".equals(p.getIn()) || "query".equals(p.getIn())));
        if (takesInput) {
            problem(responses, "400", "malformed input; `errors` names the fields");
        }
        if (secured) {
            problem(responses, "401", "no key, or a key that is unknown, disabled, revoked or expired")
                    .addHeaderObject("WWW-Authenticate", header("`Bearer`"));
            problem(responses, "403", "the key lacks the permission, or the resource is another organization's");
            problem(responses, "429", "too many calls with this key; retry after `Retry-After` seconds")
                    .addHeaderObject("Retry-After", integerHeader("seconds to wait"));
        }
        if (path.contains("{")) {
            problem(responses, "404", "no such resource (in the caller's organization)");
        }
        if (operation.getRequestBody() != null) {
            problem(responses, "413", "the body is larger than the limit");
            problem(responses, "415", "the body is not `application/json` (UTF-8)");
        }
        if (hasHeader(operation, "If-Match")) {
            problem(responses, "412", "`If-Match` names another version than the current one");
            etags(responses);
        }
        if (hasHeader(operation, "Idempotency-Key")) {
            problem(responses, "409", "a request with this `Idempotency-Key` is still in progress");
            problem(responses, "422", "this `Idempotency-Key` was used with another body");
            etags(responses);
        }
        // whatever a handler declared, an error body is a problem; a JSON answer says so (not */*)
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.setContent(problemContent());
            } else if (response.getContent() != null && response.getContent().containsKey("*/*")) {
                MediaType any = response.getContent().remove("*/*");
                response.getContent().putIfAbsent("application/json", any);
            }
        });
    }

    private static void etags(ApiResponses responses) {
        responses.forEach((status, response) -> {
            if (status.startsWith("2") && response.getContent() != null) {
                response.addHeaderObject("ETag", header("the key's version as an entity tag, e.g. `\"3\"`; send it back in `If-Match`"));
            }
        });
    }

    private static boolean hasHeader(Operation operation, String name) {
        if (operation.getParameters() == null) {
            return false;
        }
        for (Parameter parameter : operation.getParameters()) {
            if ("header".equals(parameter.getIn()) && name.equalsIgnoreCase(parameter.getName())) {
                return true;
            }
        }
        return false;
    }

    private static ApiResponse problem(ApiResponses responses, String status, String description) {
        ApiResponse response = responses.get(status);
        if (response == null) {
            response = new ApiResponse().description(description);
            responses.addApiResponse(status, response);
        } else if (response.getDescription() == null || response.getDescription().isBlank()
                || response.getDescription().equals(defaultDescription(status))) {
            response.setDescription(description);
        }
        response.setContent(problemContent());
        return response;
    }

    /** springdoc's description of a status it took from an exception handler. */
    private static String defaultDescription(String status) {
        try {
            return org.springframework.http.HttpStatus.valueOf(Integer.parseInt(status)).getReasonPhrase();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(PROBLEM_REF)));
    }

    public static Header header(String description) {
        return new Header().description(description).schema(new StringSchema());
    }

    public static Header integerHeader(String description) {
        return new Header().description(description).schema(new IntegerSchema().format("int64"));
    }

    /** RFC 9457 problem details as the services write them, with keyledger's {@code errors}. */
    @SuppressWarnings("rawtypes")
    static Schema problemSchema() {
        Schema error = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the field, parameter or header at fault"))
                .addProperty("message", new StringSchema());
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().description("a URI naming the kind of problem; `about:blank` when the status says it all"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().description("the verification code, on the validator's refusals"))
                .addProperty("errors", new ArraySchema().items(error))
                .required(List.of("status"));
    }

}
