package io.keyledger.query.anomalies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.keyledger.query.attempts.JsonSerde;
import io.keyledger.query.projections.MongoWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@value #COLLECTION} collection: written from the topology's output, one document per
 * finding (its id is fixed by rule, subject and window), and read by the anomalies API.
 */
public class AnomalyStore {

    static final String COLLECTION = "anomalies";
    private static final Logger log = LoggerFactory.getLogger(AnomalyStore.class);

    private final MongoCollection<Document> anomalies;

    public AnomalyStore(MongoCollection<Document> anomalies) {
        this.anomalies = anomalies;
    }

    void createIndexes() {
        anomalies.createIndex(Indexes.compoundIndex(Indexes.ascending("organizationId"), Indexes.descending("detectedAt")),
                new IndexOptions().name("org_detected"));
        anomalies.createIndex(Indexes.compoundIndex(Indexes.ascending("organizationId", "keyId"),
                Indexes.descending("detectedAt")), new IndexOptions().name("org_key_detected"));
        anomalies.createIndex(Indexes.compoundIndex(Indexes.ascending("organizationId", "type"),
                Indexes.descending("detectedAt")), new IndexOptions().name("org_type_detected"));
    }

    /** Applies a batch of JSON {@link Anomaly} records; the latest record of a finding wins. Returns what it wrote. */
    public java.util.Collection<Anomaly> write(List<String> records) {
        Map<String, Anomaly> latest = new LinkedHashMap<>();
        for (String json : records) {
            try {
                Anomaly anomaly = JsonSerde.MAPPER.readValue(json, Anomaly.class);
                latest.put(anomaly.id(), anomaly);
            } catch (JsonProcessingException e) {
                log.warn("skipping an unreadable anomaly record: {}", e.getOriginalMessage());
            }
        }
        put(latest.values());
        return latest.values();
    }

    /** Upserts these anomalies by id (a replayed finding leaves the same document). */
    void put(java.util.Collection<Anomaly> found) {
        List<WriteModel<Document>> writes = new ArrayList<>(found.size());
        for (Anomaly a : found) {
            Document set = new Document("type", a.type())
                    .append("keyId", a.keyId())
                    .append("organizationId", a.organizationId())
                    .append("subject", a.subject())
                    .append("detectedAt", date(a.detectedAt()))
                    .append("windowStart", date(a.windowStart()))
                    .append("windowEnd", date(a.windowEnd()))
                    .append("evidence", new Document(a.evidence()));
            writes.add(new UpdateOneModel<>(Filters.eq("_id", a.id()), new Document("$set", set),
                    new UpdateOptions().upsert(true)));
        }
        if (!writes.isEmpty()) {
            MongoWrites.flush(anomalies, writes);
        }
    }

    /**
     * Anomalies of one organization, newest first. With {@code includeUnattributed}, also those
     * tied to no organization (failures of unknown keys, per IP): only admins see those.
     */
    public List<Anomaly> find(String organizationId, boolean includeUnattributed, String keyId, String type,
                              Instant since, int limit) {
        List<Bson> conditions = new ArrayList<>();
        conditions.add(includeUnattributed
                ? Filters.in("organizationId", organizationId, null)
                : Filters.eq("organizationId", organizationId));
        if (keyId != null) {
            conditions.add(Filters.eq("keyId", keyId));
        }
        if (type != null) {
            conditions.add(Filters.eq("type", type));
        }
        if (since != null) {
            conditions.add(Filters.gte("detectedAt", Date.from(since)));
        }
        List<Anomaly> found = new ArrayList<>();
        for (Document doc : anomalies.find(Filters.and(conditions)).sort(Sorts.descending("detectedAt")).limit(limit)) {
            found.add(new Anomaly(doc.getString("_id"), doc.getString("type"), doc.getString("keyId"),
                    doc.getString("organizationId"), doc.getString("subject"), instant(doc, "detectedAt"),
                    instant(doc, "windowStart"), instant(doc, "windowEnd"), doc.get("evidence", Document.class)));
        }
        return found;
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
