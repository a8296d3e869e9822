package io.keyledger.validator.credits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Leaser} over the command API: {@code POST /v1/credit-leases} and
 * {@code POST /v1/credit-leases/{id}/return}, authenticated with this validator's service key
 * ({@code Authorization: Bearer}, a key holding {@code credits:lease}). The key never goes into a
 * log line or an exception message; an answer other than 200 is reported by its status only.
 */
final class CommandApiLeaser implements Leaser {

    private final HttpClient http;
    private final URI base;
    private final String serviceKey;
    private final String holder;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    CommandApiLeaser(URI base, String serviceKey, String holder, Duration timeout) {
        this.base = base;
        this.serviceKey = serviceKey;
        this.holder = holder;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public Grant lease(String keyId, String leaseId, long requested, long minimum, long ttlSeconds,
                       String previousLeaseId, long previousUnspent) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key_id", keyId);
        body.put("lease_id", leaseId);
        body.put("holder", holder);
        body.put("requested", requested);
        body.put("minimum", minimum);
        body.put("ttl_seconds", ttlSeconds);
        if (previousLeaseId != null) {
            body.put("previous_lease_id", previousLeaseId);
            body.put("previous_unspent", previousUnspent);
        }
        JsonNode answer = post("/v1/credit-leases", body);
        JsonNode balance = answer.path("balance");
        return new Grant(answer.path("granted").asLong(0), balance.isNumber() ? balance.asLong() : null,
                instant(answer.path("expires_at")), answer.path("epoch").asLong(0), instant(answer.path("next_refill_at")));
    }

    @Override
    public void giveBack(String keyId, String leaseId, long unspent) {
        post("/v1/credit-leases/" + leaseId + "/return", Map.of("key_id", keyId, "unspent", unspent));
    }

    private JsonNode post(String path, Map<String, Object> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                    .header("Authorization", "Bearer " + serviceKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the command API answered " + response.statusCode() + " to " + path
                        .replaceAll("/l[0-9a-f]{32}/", "/…/"));
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("the command API is unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static long instant(JsonNode node) {
        return node.isTextual() ? Instant.parse(node.asText()).toEpochMilli() : 0;
    }
}
