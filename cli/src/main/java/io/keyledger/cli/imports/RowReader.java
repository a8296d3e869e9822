package io.keyledger.cli.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.keyledger.cli.Api;
import io.keyledger.cli.CliException;
import io.keyledger.cli.ExitCodes;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads an import file into {@link ImportRow}s, one at a time (a file of any size streams).
 *
 * <p>CSV: a header line naming columns from {@link #CSV_COLUMNS} (any order, any subset with
 * {@code name}); {@code permissions} separated by spaces or {@code ;}; empty cells are absent.
 * NDJSON: one JSON object a line in the shape of {@code POST /v1/api-keys}, plus {@code key} /
 * {@code key_hash} as short names of {@code imported_key} / {@code imported_key_hash}; blank lines
 * are skipped. A row that cannot be read becomes a rejected row with the reason, and the reading
 * goes on; a CSV header with an unknown column refuses the whole file.
 */
public final class RowReader implements Iterator<ImportRow>, Closeable {

    public enum Format { CSV, NDJSON;

        public static Format of(String fileName, String flag) {
            String name = flag != null ? flag : fileName.toLowerCase(java.util.Locale.ROOT);
            if (name.equals("csv") || name.endsWith(".csv")) {
                return CSV;
            }
            if (name.equals("ndjson") || name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
                return NDJSON;
            }
            throw new CliException(ExitCodes.USAGE, "cannot tell the format of '" + fileName
                    + "': name it .csv or .ndjson, or give --format csv|ndjson");
        }
    }

    public static final List<String> CSV_COLUMNS = List.of("name", "description", "permissions", "environment",
            "owner_type", "owner_id", "per_second", "burst", "per_minute", "per_hour", "per_day", "expires_at",
            "key", "key_hash", "organization_id");

    private final Format format;
    private final Reader reader;
    private BufferedReader lines;
    private long lineNumber;
    private MappingIterator<Map<String, String>> csv;
    private ImportRow next;

    public RowReader(Reader reader, Format format) throws IOException {
        this.format = format;
        this.reader = reader;
        if (format == Format.CSV) {
            CsvMapper mapper = new CsvMapper();
            mapper.enable(CsvParser.Feature.TRIM_SPACES).enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                    .enable(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS);
            csv = mapper.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(reader);
            try {
                // reads the header (and buffers the first record)
                csv.hasNextValue();
            } catch (RuntimeException | IOException e) {
                // a bad first record: readCsv reports it
            }
            {
                CsvSchema schema = (CsvSchema) csv.getParser().getSchema();
                List<String> unknown = new java.util.ArrayList<>();
                schema.forEach(c -> {
                    if (!CSV_COLUMNS.contains(c.getName())) {
                        unknown.add(c.getName());
                    }
                });
                if (!schema.iterator().hasNext()) {
                    throw new CliException(ExitCodes.USAGE, "the CSV file has no header line");
                }
                if (unknown.size() > 0) {
                    throw new CliException(ExitCodes.USAGE, "unknown CSV column(s) " + unknown + "; known: " + CSV_COLUMNS);
                }
                if (schema.column("name") == null) {
                    throw new CliException(ExitCodes.USAGE, "the CSV header has no 'name' column");
                }
            }
        } else {
            lines = new BufferedReader(reader);
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = format == Format.CSV ? readCsv() : readNdjson();
        }
        return next != null;
    }

    @Override
    public ImportRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ImportRow row = next;
        next = null;
        return row;
    }

    private ImportRow readNdjson() {
        try {
            String text;
            do {
                text = lines.readLine();
                if (text == null) {
                    return null;
                }
                lineNumber++;
            } while (text.isBlank());
            JsonNode node;
            try {
                node = Api.JSON.readTree(text);
            } catch (IOException e) {
                return ImportRow.bad(lineNumber, "not JSON: " + firstLine(e.getMessage()));
            }
            if (!(node instanceof ObjectNode object)) {
                return ImportRow.bad(lineNumber, "not a JSON object");
            }
            rename(object, "key", "imported_key");
            rename(object, "key_hash", "imported_key_hash");
            if (!object.path("name").isTextual() || object.get("name").asText().isBlank()) {
                return ImportRow.bad(lineNumber, "name: missing");
            }
            return ImportRow.ok(lineNumber, object);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the file: " + e.getMessage());
        }
    }

    private ImportRow readCsv() {
        long line = 0;
        try {
            if (!csv.hasNextValue()) {
                return null;
            }
            // after hasNextValue the parser stands at the record's first character
            line = csv.getParser().currentLocation().getLineNr();
            Map<String, String> cells = csv.nextValue();
            return toRow(line, cells);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CliException cli) {
                throw cli;
            }
            // the reader goes on at the next record
            long at = line > 0 ? line : csv.getParser().currentLocation().getLineNr();
            return ImportRow.bad(at, "unreadable CSV record: " + firstLine(e.getMessage()));
        }
    }

    static ImportRow toRow(long line, Map<String, String> raw) {
        Map<String, String> cells = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                cells.put(k, v.trim());
            }
        });
        ObjectNode body = Api.JSON.createObjectNode();
        String name = cells.get("name");
        if (name == null) {
            return ImportRow.bad(line, "name: missing");
        }
        body.put("name", name);
        copy(cells, body, "description", "description");
        copy(cells, body, "environment", "environment");
        copy(cells, body, "expires_at", "expires_at");
        copy(cells, body, "organization_id", "organization_id");
        copy(cells, body, "key", "imported_key");
        copy(cells, body, "key_hash", "imported_key_hash");
        if (cells.containsKey("permissions")) {
            ArrayNode permissions = body.putArray("permissions");
            for (String p : cells.get("permissions").split("[;\\s]+")) {
                if (!p.isEmpty()) {
                    permissions.add(p);
                }
            }
        }
        if (cells.containsKey("owner_type") || cells.containsKey("owner_id")) {
            ObjectNode owner = body.putObject("owner");
            owner.put("type", cells.getOrDefault("owner_type", "application"));
            if (cells.containsKey("owner_id")) {
                owner.put("id", cells.get("owner_id"));
            }
        }
        ObjectNode limit = null;
        for (String field : List.of("per_second", "burst", "per_minute", "per_hour", "per_day")) {
            String value = cells.get(field);
            if (value == null) {
                continue;
            }
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return ImportRow.bad(line, field + ": not a whole number: '" + shorten(value) + "'");
            }
            if (n < 0) {
                return ImportRow.bad(line, field + ": must not be negative");
            }
            if (limit == null) {
                limit = body.putObject("rate_limit");
            }
            limit.put(field, n);
        }
        return ImportRow.ok(line, body);
    }

    private static void copy(Map<String, String> cells, ObjectNode body, String column, String field) {
        String v = cells.get(column);
        if (v != null) {
            body.put(field, v);
        }
    }

    private static void rename(ObjectNode object, String from, String to) {
        if (object.has(from) && !object.has(to)) {
            object.set(to, object.remove(from));
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "?";
        }
        int nl = message.indexOf('\n');
        String first = nl < 0 ? message : message.substring(0, nl);
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }

    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
        reader.close();
    }
}
