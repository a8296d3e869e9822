package io.keyledger.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.query.keys.KeyDocuments;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Streams an organization's key events of a period from the event store to the response, one
 * line at a time: nothing but the current event is held in memory, whatever the period's size.
 *
 * <p>The read starts at the event store's token for {@code from} and walks the global stream.
 * Events of several writers interleave with slightly unordered timestamps, so the walk goes on
 * until an event is {@link #SLACK} past {@code to}, or until the stream has nothing more to give.
 */
class AuditExport {

    enum Format { NDJSON, CSV }

    static final Duration SLACK = Duration.ofMinutes(1);
    private static final long IDLE_MILLIS = 500;
    private static final String[] COLUMNS = {"global_index", "occurred_at", "key_id", "sequence", "type",
            "actor", "client_ip", "user_agent", "correlation_id", "payload"};

    private final EventStore eventStore;
    private final AuditEntries entries;
    private final ObjectMapper json;

    AuditExport(EventStore eventStore, AuditEntries entries, ObjectMapper json) {
        this.eventStore = eventStore;
        this.entries = entries;
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
        TrackingToken start = eventStore.createTokenAt(from);
        Instant stopAt = to.plus(SLACK);
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(start)) {
            while (stream.hasNextAvailable((int) IDLE_MILLIS, TimeUnit.MILLISECONDS)) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                Instant at = event.getTimestamp();
                if (!at.isBefore(stopAt)) {
                    break;
                }
                if (at.isBefore(from) || !at.isBefore(to)
                        || !organizationId.equals(KeyDocuments.organizationOf(event.getPayload()))) {
                    continue;
                }
                AuditEntry entry = entries.of(event);
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("export interrupted", e);
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
