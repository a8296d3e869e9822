package io.keyledger.cli.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.cli.Api;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of an import file: its line, the {@code POST /v1/api-keys} body it makes, or why it
 * cannot make one. {@link #idempotencyKey} is derived from the file's name, the line and the body
 * (with an imported value replaced by its SHA-256, so the header carries nothing the events do not):
 * the same row of the same file is the same creation, however often the import runs.
 */
public record ImportRow(long line, ObjectNode body, String error) {

    public static ImportRow ok(long line, ObjectNode body) {
        return new ImportRow(line, body, null);
    }

    public static ImportRow bad(long line, String error) {
        return new ImportRow(line, null, error);
    }

    public boolean valid() {
        return error == null;
    }

    /** True when the row brings its own secret (a value or a hash). */
    public boolean importsSecret() {
        return body.hasNonNull("imported_key") || body.hasNonNull("imported_key_hash");
    }

    public String idempotencyKey(String fileName) {
        ObjectNode shown = body.deepCopy();
        if (shown.hasNonNull("imported_key")) {
            shown.put("imported_key", "sha256:" + sha256(shown.get("imported_key").asText()));
        }
        return "kl-import-" + sha256(fileName + "\n" + line + "\n" + canonical(shown)).substring(0, 48);
    }

    /** JSON with the members of every object sorted: one text per content. */
    static String canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            StringBuilder s = new StringBuilder("{");
            sorted.forEach((k, v) -> s.append(s.length() > 1 ? "," : "").append(Api.JSON.getNodeFactory().textNode(k))
                    .append(':').append(canonical(v)));
            return s.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder s = new StringBuilder("[");
            node.forEach(v -> s.append(s.length() > 1 ? "," : "").append(canonical(v)));
            return s.append(']').toString();
        }
        return node.toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
