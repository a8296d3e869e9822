package io.keyledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP calls of the CLI: JDK {@link HttpClient} and Jackson trees, so every endpoint's body
 * passes through as it is (the typed {@code keyledger-client} covers only the key calls). A 429 is
 * retried after its {@code Retry-After} up to {@code retries} times; every other error answer is an
 * {@link ApiException}.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** Which service answers a call. */
    public enum Service { COMMAND, QUERY, VALIDATOR }

    /** An answer: status, body (may be {@code null}) and the headers that matter. */
    public record Answer(int status, JsonNode body, boolean replayed) {
    }

    private final HttpClient http;
    private final Map<Service, URI> bases;
    private final String apiKey;
    private final Duration timeout;
    private final int retries;

    public Api(Map<Service, URI> bases, String apiKey, Duration timeout, int retries) {
        this.bases = Map.copyOf(bases);
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.retries = retries;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI base(Service service) {
        return bases.get(service);
    }

    public JsonNode get(Service service, String path, Map<String, ?> query) {
        return send(service, "GET", path + queryString(query), null, Map.of()).body();
    }

    public JsonNode post(Service service, String path, JsonNode body) {
        return send(service, "POST", path, body, Map.of()).body();
    }

    public JsonNode patch(Service service, String path, JsonNode body, Map<String, String> headers) {
        return send(service, "PATCH", path, body, headers).body();
    }

    public void delete(Service service, String path, JsonNode body) {
        send(service, "DELETE", path, body, Map.of());
    }

    /** One call; error answers are thrown, 429 retried. */
    public Answer send(Service service, String method, String path, JsonNode body, Map<String, String> headers) {
        HttpRequest request = request(service, method, path, body, headers).build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> answer;
            try {
                answer = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ApiException(0, "no answer from " + base(service) + ": " + describe(e), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(0, "interrupted", null);
            }
            if (answer.statusCode() == 429 && attempt < retries) {
                pause(answer.headers().firstValue("Retry-After").orElse("1"));
                continue;
            }
            JsonNode parsed = parse(answer.body());
            if (answer.statusCode() >= 400) {
                throw new ApiException(answer.statusCode(), method + " " + path + " answered " + answer.statusCode(), parsed);
            }
            boolean replayed = answer.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
            return new Answer(answer.statusCode(), parsed, replayed);
        }
    }

    /** A streamed GET (the audit export): the caller closes the stream. */
    public InputStream stream(Service service, String path, Map<String, ?> query) {
        HttpRequest request = HttpRequest.newBuilder(base(service).resolve(path + queryString(query)))
                .header("Authorization", "Bearer " + requireKey())
                .GET().build();
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<InputStream> answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (answer.statusCode() == 429 && attempt < retries) {
                    answer.body().close();
                    pause(answer.headers().firstValue("Retry-After").orElse("1"));
                    continue;
                }
                if (answer.statusCode() >= 400) {
                    String text;
                    try (InputStream in = answer.body()) {
                        text = new String(in.readNBytes(65_536), StandardCharsets.UTF_8);
                    }
                    throw new ApiException(answer.statusCode(), "GET " + path + " answered " + answer.statusCode(), parse(text));
                }
                return answer.body();
            } catch (IOException e) {
                throw new ApiException(0, "no answer from " + base(service) + ": " + describe(e), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(0, "interrupted", null);
            }
        }
    }

    private HttpRequest.Builder request(Service service, String method, String path, JsonNode body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base(service).resolve(path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + requireKey())
                .header("Accept", "application/json, application/problem+json");
        headers.forEach(builder::header);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        return builder;
    }

    private String requireKey() {
        if (apiKey == null) {
            throw new CliException(ExitCodes.AUTH, "no API key: set KEYLEDGER_API_KEY or give --key-file FILE");
        }
        return apiKey;
    }

    private static void pause(String retryAfter) {
        long seconds;
        try {
            seconds = Math.max(1, Math.min(30, Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            seconds = 1;
        }
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted", null);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            ObjectNode text = JSON.createObjectNode();
            text.put("detail", body.length() > 500 ? body.substring(0, 500) + "…" : body);
            return text;
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** {@code ?a=1&b=2} of the non-null values, or "". */
    public static String queryString(Map<String, ?> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, ?> e : query.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            out.append(out.length() == 0 ? '?' : '&')
                    .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** A path segment from user input: encoded so that an id cannot walk to another path. */
    public static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query map that keeps insertion order and drops nulls when sent. */
    public static Map<String, Object> query(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
