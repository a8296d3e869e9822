package io.keyledger.validator.web;

import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.support.openapi.WireConventions;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The verification endpoints in the validator's OpenAPI description (API.md "Verification"). By
 * default they are served by Netty ({@link NettyHotPathHandler}), which springdoc cannot see, so
 * they are described here, from the same constants the handlers use; with the Spring stack this
 * replaces what springdoc read from {@link HotPathController}. Runs before the shared
 * {@link WireConventions}, which add the problem bodies' schema.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class VerificationOpenApi implements OpenApiCustomizer {

    static final String API_KEY = "api_key";

    @Override
    public void customise(OpenAPI api) {
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.setComponents(components);
        components.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("X-API-Key").description("the API key being verified"));
        components.addSchemas("VerifyRequest", verifyRequest());
        components.addSchemas("VerifyResponse", verifyResponse());
        components.addSchemas("RateLimitStatus", rateLimitStatus());
        Paths paths = api.getPaths() == null ? new Paths() : api.getPaths();
        api.setPaths(paths);
        paths.addPathItem("/v1/verify", new PathItem().post(verify()));
        paths.addPathItem("/v1/auth", new PathItem().get(forwardAuth()));
        paths.addPathItem("/v1/rate-limit", new PathItem().get(rateLimit()));
    }

    private static Operation verify() {
        return new Operation().operationId("verify").tags(List.of("verification"))
                .summary("Verify a key: the verdict in the body")
                .description("Answers 200 for any well-formed request, valid or not; `code` says why. "
                        + "Needs no credential of its own: the key to verify is in the body.")
                .security(List.of())
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json",
                        new MediaType().schema(ref("VerifyRequest")))))
                .responses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().description("the verdict")
                                .headers(rateLimitHeaders())
                                .content(json(ref("VerifyResponse"))))
                        .addApiResponse("400", new ApiResponse().description("malformed body; `errors` names the field"))
                        .addApiResponse("413", new ApiResponse().description("the body is larger than the limit"))
                        .addApiResponse("415", new ApiResponse().description("the body is not `application/json`"))
                        .addApiResponse("503", notCaughtUp()));
    }

    private static Operation forwardAuth() {
        Map<String, Header> always = rateLimitHeaders();
        always.put("X-Keyledger-Code", WireConventions.header("the verification code")
                .schema(codeSchema()));
        Map<String, Header> allowed = new LinkedHashMap<>(always);
        allowed.put("X-Keyledger-Key-Id", WireConventions.header("the verified key's id"));
        allowed.put("X-Keyledger-Organization-Id", WireConventions.header("the verified key's organization"));
        allowed.put("X-Keyledger-Meta", WireConventions.header(
                "the key's meta as Base64url (no padding) of its compact JSON; only when the key has meta"));
        Map<String, Header> limited = new LinkedHashMap<>(always);
        limited.put("Retry-After", WireConventions.integerHeader("seconds until the window resets (at least 1)"));
        return new Operation().operationId("forwardAuth").tags(List.of("verification"))
                .summary("Verify the original request of a proxy: the verdict in the status and headers")
                .description("For nginx `auth_request`, Envoy `ext_authz` (HTTP), Caddy `forward_auth` and Traefik "
                        + "ForwardAuth. Any method, and the original path may follow: `/v1/auth/<original path>` (Envoy's HTTP "
                        + "mode appends it). The key is the original request's `X-API-Key`, `Authorization: Bearer`, "
                        + "`X-Organization-Api-Key` (with the user's Bearer) or, when enabled, `?api_key=` of `X-Original-URI`.")
                .security(List.of(new SecurityRequirement().addList(API_KEY), new SecurityRequirement().addList(WireConventions.BEARER)))
                .parameters(List.of(
                        header("X-Required-Permission", "the permission the original request needs, e.g. `tasks:read`"),
                        header("X-Organization-Api-Key", "an organization key, with the user's key in `Authorization: Bearer`"),
                        header("X-Original-URI", "the original request's path and query (`?api_key=` when enabled)"),
                        header("X-Forwarded-For", "the client chain; read only from trusted proxies"),
                        header("X-Real-IP", "the client address; read only from trusted proxies")))
                .responses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().description("the key may make the original request").headers(allowed))
                        .addApiResponse("401", new ApiResponse().description("no key, or one that is unknown, disabled, revoked or expired (`code`)")
                                .headers(new LinkedHashMap<>(always)))
                        .addApiResponse("403", new ApiResponse().description("IP or referrer not allowed, or the permission is missing (`code`)")
                                .headers(new LinkedHashMap<>(always)))
                        .addApiResponse("429", new ApiResponse().description("rate limited").headers(limited))
                        .addApiResponse("503", notCaughtUp()));
    }

    private static Operation rateLimit() {
        return new Operation().operationId("rateLimit").tags(List.of("verification"))
                .summary("The calling key's rate-limit window")
                .security(List.of(new SecurityRequirement().addList(API_KEY), new SecurityRequirement().addList(WireConventions.BEARER)))
                .responses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().description("the current window").headers(rateLimitHeaders())
                                .content(json(ref("RateLimitStatus"))))
                        .addApiResponse("401", new ApiResponse().description("no valid key (X-API-Key or Authorization: Bearer)"))
                        .addApiResponse("503", notCaughtUp()));
    }

    private static ApiResponse notCaughtUp() {
        return new ApiResponse().description("the validation set is still catching up with the event store")
                .addHeaderObject("Retry-After", WireConventions.integerHeader("seconds to wait"));
    }

    private static Map<String, Header> rateLimitHeaders() {
        Map<String, Header> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", WireConventions.integerHeader("requests allowed in the current window"));
        headers.put("X-RateLimit-Remaining", WireConventions.integerHeader("requests left in the current window"));
        headers.put("X-RateLimit-Reset", WireConventions.integerHeader("when the window resets, epoch seconds"));
        return headers;
    }

    private static Parameter header(String name, String description) {
        return new HeaderParameter().name(name).description(description).required(false).schema(new StringSchema());
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(schema));
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    /**
     * OpenAPI 3.1 has no {@code nullable}: swagger-core drops it when it writes 3.1, and the
     * schema then said "a string" where the wire has {@code null} (the refusals carry no key id).
     */
    private static <T> Schema<T> orNull(Schema<T> schema) {
        schema.setTypes(new java.util.LinkedHashSet<>(List.of(schema.getType(), "null")));
        return schema;
    }

    private static Schema<String> codeSchema() {
        StringSchema code = new StringSchema();
        Arrays.stream(VerificationCode.values()).map(Enum::name).forEach(code::addEnumItem);
        return code;
    }

    private static StringSchema string(int maxLength) {
        StringSchema schema = new StringSchema();
        schema.setMaxLength(maxLength);
        return schema;
    }

    @SuppressWarnings("rawtypes")
    private static Schema verifyRequest() {
        ArraySchema permissions = new ArraySchema().items(new StringSchema());
        permissions.setMaxItems(VerifyRequest.MAX_PERMISSIONS);
        permissions.setDescription("every one must be granted; none: any key of the organization");
        return new ObjectSchema().additionalProperties(false)
                .addProperty("key", string(VerifyRequest.MAX_KEY_LENGTH).description("the key to verify"))
                .addProperty("permissions", permissions)
                .addProperty("ip", string(VerifyRequest.MAX_IP_LENGTH).description("the client IP, for the key's allowlist"))
                .addProperty("referrer", string(VerifyRequest.MAX_REFERRER_LENGTH).description("for the key's referrer patterns"))
                .addProperty("organization_key", string(VerifyRequest.MAX_KEY_LENGTH).description("an organization key; `key` is then the user's"))
                .addProperty("user_agent", string(VerifyRequest.MAX_USER_AGENT_LENGTH))
                .addProperty("organization_id", string(VerifyRequest.MAX_ORGANIZATION_ID_LENGTH).description("the organization the key must belong to"))
                .required(List.of("key"));
    }

    @SuppressWarnings("rawtypes")
    private static Schema verifyResponse() {
        return new ObjectSchema()
                .addProperty("valid", new BooleanSchema())
                .addProperty("code", codeSchema())
                .addProperty("key_id", orNull(new StringSchema()))
                .addProperty("organization_id", orNull(new StringSchema()))
                .addProperty("permissions", orNull(new ArraySchema().items(new StringSchema())))
                .addProperty("ratelimit", new ObjectSchema()
                        .addProperty("limit", new IntegerSchema().format("int64"))
                        .addProperty("remaining", new IntegerSchema().format("int64"))
                        .addProperty("reset", new IntegerSchema().format("int64").description("epoch seconds"))
                        .required(List.of("limit", "remaining", "reset")))
                .addProperty("meta", new ObjectSchema().description("the key's meta (a JSON object up to 16 KiB); "
                        + "present only when the key is valid and has one"))
                .required(List.of("valid", "code", "key_id", "organization_id", "permissions", "ratelimit"));
    }

    @SuppressWarnings("rawtypes")
    private static Schema rateLimitStatus() {
        return new ObjectSchema()
                .addProperty("limit", new IntegerSchema().format("int64"))
                .addProperty("remaining", new IntegerSchema().format("int64"))
                .addProperty("reset", new IntegerSchema().format("int64").description("epoch seconds"))
                .addProperty("reset_at", new StringSchema().format("date-time"))
                .required(List.of("limit", "remaining", "reset", "reset_at"));
    }
}
