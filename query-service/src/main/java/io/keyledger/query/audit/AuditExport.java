package io.keyledger.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Streams an organization's key events of a period from the event store to the response. It
 * reads only that organization's keys: {@link AuditIndex} names the keys with events on each UTC
 * day of the period, and {@link PeriodEvents} reads those keys' events of that day. One day's events
 * of the organization are held in memory at a time (sorted into the store's order), whatever the
 * period's length and whatever the other organizations hold.
 */
class AuditExport {

    enum Format { NDJSON, CSV }

    private static final String[] COLUMNS = {"global_index", "occurred_at", "key_id", "sequence", "type",
            "actor", "client_ip", "user_agent", "correlation_id", "payload"};

    private final AuditIndex index;
    private final PeriodEvents events;
    private final ObjectMapper json;

    AuditExport(AuditIndex index, PeriodEvents events, ObjectMapper json) {
        this.index = index;
        this.events = events;
        this.json = json;
    }

    /** Writes the events of {@code organizationId} with {@code from <= occurred_at < to}; returns how many. */
    long write(String organizationId, Instant from, Instant to, Format format, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (format == Format.CSV) {
            writer.write(String.join(",", COLUMNS));
            writer.write("\r\n");
        }
        long written = 0;
        for (Map.Entry<LocalDate, List<String>> day : index.keysByDay(organizationId, from, to).entrySet()) {
            Instant dayStart = day.getKey().atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant start = from.isAfter(dayStart) ? from : dayStart;
            Instant dayEnd = dayStart.plus(Duration.ofDays(1));
            Instant end = to.isBefore(dayEnd) ? to : dayEnd;
            for (AuditEntry entry : events.read(day.getValue(), start, end)) {
                if (!organizationId.equals(entry.organizationId())) {
                    continue;
                }
                if (format == Format.NDJSON) {
                    writer.write(json.writeValueAsString(entry));
                    writer.write('\n');
                } else {
                    writeCsv(writer, entry);
                }
                if (++written % 256 == 0) {
                    writer.flush();
                }
            }
        }
        writer.flush();
        return written;
    }

    private void writeCsv(Writer writer, AuditEntry e) throws IOException {
        Object[] values = {e.globalIndex(), e.occurredAt(), e.keyId(), e.sequence(), e.type(), e.actor(),
                e.clientIp(), e.userAgent(), e.correlationId(), json.writeValueAsString(e.payload())};
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(csv(values[i]));
        }
        writer.write("\r\n");
    }

    /** RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet shows text, not runs it. */
    static String csv(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
