package io.keyledger.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * keyledger over HTTP, for gateways and services: {@link #verify} (typed verdict),
 * {@link #forwardAuth} (what a proxy sends to {@code GET /v1/auth}) and the key management calls.
 * Thread-safe; build one and share it.
 *
 * <p>Timeouts: {@code connectTimeout} (default 1 s) and {@code requestTimeout} per attempt
 * (default 2 s). Retries (default 3 attempts in all, backoff 50 ms doubling to at most 1 s, with
 * jitter): every call is retried when the connection could not be made (nothing was sent); the
 * idempotent ones (verify, forward-auth, reads, create with its {@code Idempotency-Key}, revoke)
 * also on 503 (honouring {@code Retry-After} up to the backoff cap) and on a request timeout.
 * Rotate, update, disable and enable are not retried once sent.
 */
public final class KeyledgerClient {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final HttpClient http;
    private final URI validator;
    private final URI command;
    private final URI query;
    private final String apiKey;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final VerdictCache cache;

    private KeyledgerClient(Builder b) {
        this.http = HttpClient.newBuilder().connectTimeout(b.connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
        this.validator = b.validator;
        this.command = b.command;
        this.query = b.query;
        this.apiKey = b.apiKey;
        this.requestTimeout = b.requestTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.cache = b.cacheTtl == null ? null : new VerdictCache(b.cacheTtl, b.cacheEntries, b.nanos, b.epochSeconds);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- verification (validator-service)

    /** {@code POST /v1/verify}: the verdict, valid or not (an error only when there is none). */
    public VerifyResult verify(VerifyRequest request) {
        if (cache != null) {
            VerifyResult cached = cache.get(request);
            if (cached != null) {
                return cached;
            }
        }
        HttpResponse<String> answer = send(json(required(validator, "validatorUrl").resolve("/v1/verify"), "POST", request),
                true);
        VerifyResult result = read(answer, 200, VerifyResult.class);
        if (cache != null) {
            cache.put(request, result);
        }
        return result;
    }

    /**
     * {@code GET /v1/auth} as a proxy calls it: the original request's key (sent as {@code X-API-Key}),
     * the permission it needs (may be {@code null}), its URI and client IP (may be {@code null}).
     */
    public AuthResult forwardAuth(String key, String permission, String originalUri, String clientIp) {
        HttpRequest.Builder request = base(required(validator, "validatorUrl").resolve("/v1/auth")).GET()
                .header("X-API-Key", Objects.requireNonNull(key, "key"));
        if (permission != null) {
            request.header("X-Required-Permission", permission);
        }
        if (originalUri != null) {
            request.header("X-Original-URI", originalUri);
        }
        if (clientIp != null) {
            request.header("X-Forwarded-For", clientIp);
        }
        HttpResponse<String> answer = send(request.build(), true);
        int status = answer.statusCode();
        if (status != 200 && status != 401 && status != 403 && status != 429) {
            throw failure(answer);
        }
        return new AuthResult(status, header(answer, "X-Keyledger-Code"), header(answer, "X-Keyledger-Key-Id"),
                header(answer, "X-Keyledger-Organization-Id"),
                new VerifyResult.RateLimit(number(answer, "X-RateLimit-Limit"), number(answer, "X-RateLimit-Remaining"),
                        number(answer, "X-RateLimit-Reset")),
                answer.headers().firstValue("Retry-After").map(v -> OptionalLong.of(Long.parseLong(v.trim())))
                        .orElse(OptionalLong.empty()));
    }

    // ---- management (command-service, query-service), with the client's apiKey

    /** {@code POST /v1/api-keys} with a fresh {@code Idempotency-Key}, so retrying it creates one key. */
    public CreatedKey createKey(NewKey key) {
        return createKey(key, UUID.randomUUID().toString());
    }

    public CreatedKey createKey(NewKey key, String idempotencyKey) {
        HttpRequest request = managed(json(required(command, "commandUrl").resolve("/v1/api-keys"), "POST", key))
                .header("Idempotency-Key", idempotencyKey).build();
        JsonNode body = read(send(request, true), 201, JsonNode.class);
        return new CreatedKey(convert(body, KeyRecord.class), body.path("key").asText(null));
    }

    /**
     * {@code GET /v1/api-keys/{id}} on the query service (eventually consistent with the commands), within the
     * calling key's own organization: another organization's key is 404 (use {@link #getKey(String, String)}).
     */
    public KeyRecord getKey(String id) {
        return getKey(id, null);
    }

    /**
     * {@code GET /v1/api-keys/{id}?organization_id=}: an {@code admin:*} key reads a key of any organization;
     * {@code organizationId} {@code null} means the calling key's own.
     */
    public KeyRecord getKey(String id, String organizationId) {
        String path = "/v1/api-keys/" + segment(id)
                + (organizationId == null ? "" : "?organization_id=" + URLEncoder.encode(organizationId, StandardCharsets.UTF_8));
        return read(send(managed(base(required(query, "queryUrl").resolve(path)).GET()).build(), true),
                200, KeyRecord.class);
    }

    /** {@code GET /v1/api-keys}; {@code status}, {@code cursor} may be {@code null}, {@code limit} ≤ 0 for the default. */
    public KeyPage listKeys(String status, int limit, String cursor) {
        return listKeys(null, status, limit, cursor);
    }

    /** {@code GET /v1/api-keys} of {@code organizationId} (an {@code admin:*} key; {@code null}: the calling key's own). */
    public KeyPage listKeys(String organizationId, String status, int limit, String cursor) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (organizationId != null) {
            parameters.put("organization_id", organizationId);
        }
        if (status != null) {
            parameters.put("status", status);
        }
        if (limit > 0) {
            parameters.put("limit", Integer.toString(limit));
        }
        if (cursor != null) {
            parameters.put("cursor", cursor);
        }
        StringBuilder path = new StringBuilder("/v1/api-keys");
        parameters.forEach((name, value) -> path.append(path.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return read(send(managed(base(required(query, "queryUrl").resolve(path.toString())).GET()).build(), true),
                200, KeyPage.class);
    }

    /** {@code POST /v1/api-keys/{id}/rotate}; the old key stays valid for {@code gracePeriod}. */
    public RotatedKey rotateKey(String id, Duration gracePeriod) {
        HttpRequest request = managed(json(keyPath(id, "/rotate"), "POST",
                Map.of("grace_period_seconds", gracePeriod.toSeconds()))).build();
        return read(send(request, false), 200, RotatedKey.class);
    }

    public KeyRecord disableKey(String id) {
        return read(send(managed(base(keyPath(id, "/disable")).POST(HttpRequest.BodyPublishers.noBody())).build(), false),
                200, KeyRecord.class);
    }

    public KeyRecord enableKey(String id) {
        return read(send(managed(base(keyPath(id, "/enable")).POST(HttpRequest.BodyPublishers.noBody())).build(), false),
                200, KeyRecord.class);
    }

    /** {@code DELETE /v1/api-keys/{id}}: revoked for good; revoking again also succeeds. */
    public void revokeKey(String id, String reason) {
        HttpRequest request = managed(reason == null ? base(keyPath(id, "")).DELETE()
                : json(keyPath(id, ""), "DELETE", Map.of("reason", reason))).build();
        HttpResponse<String> answer = send(request, true);
        if (answer.statusCode() != 204) {
            throw failure(answer);
        }
    }

    // ---- plumbing

    private URI keyPath(String id, String tail) {
        return required(command, "commandUrl").resolve("/v1/api-keys/" + segment(id) + tail);
    }

    private static String segment(String id) {
        return URLEncoder.encode(Objects.requireNonNull(id, "id"), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI required(URI uri, String property) {
        if (uri == null) {
            throw new IllegalStateException(property + " is not configured");
        }
        return uri;
    }

    private HttpRequest.Builder base(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json, application/problem+json");
    }

    private HttpRequest.Builder json(URI uri, String method, Object body) {
        try {
            return base(uri).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body", e);
        }
    }

    private HttpRequest json(URI uri, String method, VerifyRequest body) {
        return json(uri, method, (Object) body).build();
    }

    private HttpRequest.Builder managed(HttpRequest.Builder request) {
        if (apiKey == null) {
            throw new IllegalStateException("apiKey is not configured (management calls need one)");
        }
        return request.header("Authorization", "Bearer " + apiKey);
    }

    private HttpResponse<String> send(HttpRequest request, boolean idempotent) {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= maxAttempts;
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (answer.statusCode() == 503 && idempotent && !last) {
                    pause(attempt, answer.headers().firstValue("Retry-After").orElse(null));
                    continue;
                }
                return answer;
            } catch (HttpConnectTimeoutException | ConnectException notSent) {
                if (last) {
                    throw new KeyledgerException(0, "cannot connect to " + request.uri().getAuthority()
                            + " after " + attempt + " attempts", null, notSent);
                }
            } catch (HttpTimeoutException timeout) {
                if (!idempotent || last) {
                    throw new KeyledgerException(0, "no answer from " + request.uri().getAuthority() + " within "
                            + requestTimeout.toMillis() + " ms", null, timeout);
                }
            } catch (IOException e) {
                if (!idempotent || last) {
                    throw new KeyledgerException(0, "I/O error calling " + request.uri().getAuthority(), null, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KeyledgerException(0, "interrupted", null, e);
            }
            pause(attempt, null);
        }
    }

    private void pause(int attempt, String retryAfter) {
        long cap = maxBackoff.toMillis();
        long millis = Math.min(cap, initialBackoff.toMillis() << Math.min(attempt - 1, 20));
        millis = millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
        if (retryAfter != null) {
            try {
                millis = Math.max(millis, Math.min(cap, Long.parseLong(retryAfter.trim()) * 1000));
            } catch (NumberFormatException ignored) {
                // an HTTP date: the backoff stands
            }
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyledgerException(0, "interrupted", null, e);
        }
    }

    private static <T> T read(HttpResponse<String> answer, int expected, Class<T> type) {
        if (answer.statusCode() != expected) {
            throw failure(answer);
        }
        try {
            return JSON.readValue(answer.body(), type);
        } catch (IOException e) {
            throw new KeyledgerException(answer.statusCode(), "unreadable answer", null, e);
        }
    }

    private static <T> T convert(JsonNode body, Class<T> type) {
        try {
            return JSON.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new KeyledgerException(0, "unreadable answer", null, e);
        }
    }

    private static KeyledgerException failure(HttpResponse<String> answer) {
        String body = answer.body();
        String detail = "HTTP " + answer.statusCode();
        try {
            JsonNode problem = body == null || body.isEmpty() ? null : JSON.readTree(body);
            if (problem != null && problem.hasNonNull("detail")) {
                detail = problem.get("detail").asText();
            } else if (problem != null && problem.hasNonNull("title")) {
                detail = problem.get("title").asText();
            }
        } catch (IOException notJson) {
            // the status says it
        }
        return new KeyledgerException(answer.statusCode(), detail, body, null);
    }

    private static String header(HttpResponse<String> answer, String name) {
        return answer.headers().firstValue(name).orElse(null);
    }

    private static long number(HttpResponse<String> answer, String name) {
        return answer.headers().firstValue(name).map(v -> Long.parseLong(v.trim())).orElse(-1L);
    }

    /** Settings of a {@link KeyledgerClient}; only the URLs of the services in use are needed. */
    public static final class Builder {
        private URI validator;
        private URI command;
        private URI query;
        private String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration requestTimeout = Duration.ofSeconds(2);
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(50);
        private Duration maxBackoff = Duration.ofSeconds(1);
        private Duration cacheTtl;
        private int cacheEntries = 10_000;
        private LongSupplier nanos = System::nanoTime;
        private LongSupplier epochSeconds = () -> System.currentTimeMillis() / 1000;

        private Builder() {
        }

        /** The validator's verification port, e.g. {@code http://localhost:8083}. */
        public Builder validatorUrl(String url) {
            this.validator = URI.create(url);
            return this;
        }

        public Builder commandUrl(String url) {
            this.command = URI.create(url);
            return this;
        }

        public Builder queryUrl(String url) {
            this.query = URI.create(url);
            return this;
        }

        /** The key the management calls are made with (Bearer); never logged. */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** Attempts in all (1: no retry); backoff starts at {@code initial}, doubles, at most {@code max}. */
        public Builder retries(int maxAttempts, Duration initial, Duration max) {
            if (maxAttempts < 1 || maxAttempts > 10) {
                throw new IllegalArgumentException("maxAttempts must be 1–10: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            this.initialBackoff = positive(initial, "initial backoff");
            this.maxBackoff = positive(max, "max backoff");
            return this;
        }

        /** Turns the verdict cache on (see {@link VerdictCache}: at most 5 s, denials at most 1 s). */
        public Builder verdictCache(Duration ttl, int maxEntries) {
            this.cacheTtl = Objects.requireNonNull(ttl, "ttl");
            this.cacheEntries = maxEntries;
            return this;
        }

        Builder clocks(LongSupplier nanos, LongSupplier epochSeconds) {
            this.nanos = nanos;
            this.epochSeconds = epochSeconds;
            return this;
        }

        public KeyledgerClient build() {
            return new KeyledgerClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
