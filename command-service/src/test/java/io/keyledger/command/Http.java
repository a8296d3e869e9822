package io.keyledger.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** A tiny real-HTTP client for the web tests: no MockMvc, the requests go through Tomcat. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final String bearer;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public Http(int port, String bearer) {
        this.port = port;
        this.bearer = bearer;
    }

    public Http header(String name, String value) {
        Http copy = new Http(port, bearer);
        copy.headers.putAll(headers);
        copy.headers.put(name, value);
        return copy;
    }

    public Http as(String otherBearer) {
        Http copy = new Http(port, otherBearer);
        copy.headers.putAll(headers);
        return copy;
    }

    public Answer post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    public Answer patch(String path, String json) {
        return send("PATCH", path, json, "application/json");
    }

    public Answer delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Answer get(String path) {
        return send("GET", path, null, null);
    }

    public Answer send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null && body != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(request::header);
        try {
            return new Answer(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Answer(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String text() {
            return raw.body();
        }

        public JsonNode json() {
            try {
                return raw.body().isEmpty() ? JSON.nullNode() : JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }
}
