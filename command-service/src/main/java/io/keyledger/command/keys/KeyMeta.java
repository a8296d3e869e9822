package io.keyledger.command.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.api.keys.ApiKeyMetaChangedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * A key's {@code meta} (API.md, "Keys in depth"): one JSON object of at most 16 KiB, nested at
 * most {@value #MAX_DEPTH} levels, kept as its compact JSON text so that every reader (the read
 * model, the validator's verify answer and forward-auth header) passes it on without parsing it.
 */
final class KeyMeta {

    static final int MAX_DEPTH = 16;

    private KeyMeta() {
    }

    /** The compact text of a request's {@code meta}; {@code null} (absent or JSON null) clears. */
    static String fromJson(JsonNode node, ObjectMapper mapper) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidFieldException("meta", "must be a JSON object");
        }
        if (depth(node) > MAX_DEPTH) {
            throw new InvalidFieldException("meta", "must be nested at most " + MAX_DEPTH + " levels deep");
        }
        String text;
        try {
            text = mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException("meta", "must be a JSON object");
        }
        return check(text);
    }

    /** The aggregate's guard: compact JSON text of an object within the size, or {@code null}. */
    static String check(String meta) {
        if (meta == null) {
            return null;
        }
        if (!meta.startsWith("{") || !meta.endsWith("}")) {
            throw new InvalidFieldException("meta", "must be a JSON object");
        }
        if (meta.getBytes(StandardCharsets.UTF_8).length > ApiKeyMetaChangedEvent.MAX_BYTES) {
            throw new InvalidFieldException("meta", "must be at most " + ApiKeyMetaChangedEvent.MAX_BYTES
                    + " bytes as compact JSON");
        }
        return meta;
    }

    /** Levels of objects and arrays, without recursion (a deep body cannot exhaust the stack here). */
    private static int depth(JsonNode root) {
        record Level(JsonNode node, int depth) {
        }
        int deepest = 0;
        Deque<Level> todo = new ArrayDeque<>();
        todo.push(new Level(root, 1));
        while (!todo.isEmpty()) {
            Level level = todo.pop();
            deepest = Math.max(deepest, level.depth());
            if (deepest > MAX_DEPTH) {
                return deepest;
            }
            for (Iterator<JsonNode> children = level.node().elements(); children.hasNext(); ) {
                JsonNode child = children.next();
                if (child.isContainerNode()) {
                    todo.push(new Level(child, level.depth() + 1));
                }
            }
        }
        return deepest;
    }
}
