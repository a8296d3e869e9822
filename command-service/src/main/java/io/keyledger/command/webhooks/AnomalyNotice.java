package io.keyledger.command.webhooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * One record of {@code keyledger.anomalies} as a webhook needs it: the finding's stable id, its
 * type, its organization, when it was detected, and the whole anomaly as {@code data}. Read
 * bounded (records over 64 KiB, deep nesting, long strings, missing or odd fields are none, never
 * thrown), because the topic is written by another service and a bad record must not stop the feed.
 * An anomaly without an organization (one counted by address alone) has no subscriber and is none.
 */
record AnomalyNotice(String id, String type, String organizationId, Instant detectedAt, ObjectNode data) {

    static final int MAX_RECORD_BYTES = 64 * 1024;
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,512}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z_]{0,63}");
    private static final Pattern ORGANIZATION = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(8192).build())
            .build());

    /** The notice a record tells, or {@code null} when it tells none. */
    static AnomalyNotice parse(byte[] record) {
        if (record == null || record.length == 0 || record.length > MAX_RECORD_BYTES) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(record);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
        if (!(node instanceof ObjectNode object)) {
            return null;
        }
        String id = text(object, "id", ID);
        String type = text(object, "type", TYPE);
        String organizationId = text(object, "organization_id", ORGANIZATION);
        String detected = text(object, "detected_at", ID);
        if (id == null || type == null || organizationId == null || detected == null) {
            return null;
        }
        Instant detectedAt;
        try {
            detectedAt = Instant.parse(detected);
        } catch (DateTimeParseException notAnInstant) {
            return null;
        }
        if (detectedAt.isBefore(MIN) || detectedAt.isAfter(MAX)) {
            return null;
        }
        return new AnomalyNotice(id, type, organizationId, detectedAt, object);
    }

    private static String text(ObjectNode object, String field, Pattern allowed) {
        JsonNode value = object.get(field);
        return value != null && value.isTextual() && allowed.matcher(value.asText()).matches() ? value.asText() : null;
    }
}
