package io.keyledger.command.leaks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.command.keys.KeyRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A leak report's body, read field by field: {@code keys} (1 to {@code maxKeys} strings of at most
 * {@code maxKeyLength} characters each), {@code source_url} and {@code reporter} (optional, bounded
 * by {@link KeyRules#leakSource}). Anything else is an {@link InvalidFieldException} naming the
 * field. What a key string holds is not judged here: garbage is accepted and matches nothing, like
 * an unknown key, so the answer never tells one from the other.
 */
record LeakReport(List<String> keys, String sourceUrl, String reporter) {

    static LeakReport parse(JsonNode body, int maxKeys, int maxKeyLength) {
        if (!(body instanceof ObjectNode object)) {
            throw new InvalidFieldException("body", "must be a JSON object with keys, source_url and reporter");
        }
        List<String> keys = null;
        String sourceUrl = null;
        String reporter = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "keys" -> keys = keys(value, maxKeys, maxKeyLength);
                case "source_url" -> sourceUrl = text(value, "source_url");
                case "reporter" -> reporter = text(value, "reporter");
                default -> throw new InvalidFieldException(unknownFieldName(field.getKey()),
                        "unknown field; a report has keys, source_url and reporter");
            }
        }
        if (keys == null) {
            throw new InvalidFieldException("keys", "is required: the leaked keys, 1 to " + maxKeys);
        }
        KeyRules.leakSource(sourceUrl, reporter);
        return new LeakReport(List.copyOf(keys), sourceUrl, reporter);
    }

    /** The unknown field as the problem names it: cut to 64 characters, a blank name in quotes so that it shows. */
    private static String unknownFieldName(String name) {
        String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return name.isBlank() ? '"' + cut + '"' : cut;
    }

    private static List<String> keys(JsonNode value, int maxKeys, int maxKeyLength) {
        if (!value.isArray()) {
            throw new InvalidFieldException("keys", "must be a list of keys");
        }
        if (value.isEmpty() || value.size() > maxKeys) {
            throw new InvalidFieldException("keys", "must hold 1 to " + maxKeys + " keys, held " + value.size());
        }
        List<String> keys = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode key = value.get(i);
            if (!key.isTextual()) {
                throw new InvalidFieldException("keys[" + i + "]", "must be a string");
            }
            if (key.textValue().length() > maxKeyLength) {
                throw new InvalidFieldException("keys[" + i + "]", "must be at most " + maxKeyLength + " characters");
            }
            keys.add(key.textValue());
        }
        return keys;
    }

    private static String text(JsonNode value, String field) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidFieldException(field, "must be a string");
        }
        return value.textValue();
    }
}
