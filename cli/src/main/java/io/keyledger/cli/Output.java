package io.keyledger.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Human tables (the default) or JSON (--output json), always on stdout. */
public final class Output {

    /** A table column: its header and how a row's cell is read. */
    public record Column(String header, Function<JsonNode, String> cell) {
        /** A column reading a JSON pointer ({@code /owner/id}) or a top-level field. */
        public static Column of(String header, String field) {
            String pointer = field.startsWith("/") ? field : "/" + field;
            return new Column(header, row -> text(row.at(pointer)));
        }
    }

    private final PrintStream out;
    private final boolean json;

    public Output(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    public PrintStream stream() {
        return out;
    }

    /** A list: a table, or the JSON array. */
    public void table(JsonNode rows, List<Column> columns) {
        if (json) {
            print(rows);
            return;
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode row : rows) {
            cells.add(columns.stream().map(c -> clean(c.cell().apply(row))).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** One object: "field: value" lines (nested objects flattened with dots), or the JSON. */
    public void record(JsonNode node) {
        if (json) {
            print(node);
            return;
        }
        List<String[]> lines = new ArrayList<>();
        flatten("", node, lines);
        int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0);
        for (String[] l : lines) {
            out.println(pad(l[0] + ":", width + 2) + clean(l[1]));
        }
    }

    public void print(JsonNode node) {
        try {
            out.println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A line for humans only (nothing in JSON mode). */
    public void say(String line) {
        if (!json) {
            out.println(line);
        }
    }

    private static void flatten(String prefix, JsonNode node, List<String[]> lines) {
        if (node == null) {
            return;
        }
        if (node.isObject() && !node.isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), lines);
            }
        } else {
            lines.add(new String[] {prefix, text(node)});
        }
    }

    /** A cell's text: arrays joined by commas, null and missing as "-". */
    public static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "-";
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(n.isValueNode() ? n.asText() : n.toString()));
            return parts.isEmpty() ? "-" : String.join(",", parts);
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** No control character of a value reaches the terminal (a name cannot hold one, a payload might). */
    private static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
