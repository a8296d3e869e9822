package io.keyledger.query.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.keyledger.query.attempts.JsonSerde;
import io.keyledger.query.projections.MongoWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the topology's usage totals into Mongo, one bulk write per polled batch. Counts are
 * raised with {@code $max}, never incremented: a redelivered or out-of-order total cannot
 * double count or go back. The same batch moves each key's {@code lastUsed} forward in the key
 * collection (no upsert: the key projection owns the document's existence).
 */
public class UsageSink {

    private static final Logger log = LoggerFactory.getLogger(UsageSink.class);

    private final MongoCollection<Document> usage;
    private final MongoCollection<Document> keys;

    public UsageSink(MongoCollection<Document> usage, MongoCollection<Document> keys) {
        this.usage = usage;
        this.keys = keys;
    }

    /** Applies a batch of JSON records of {@link UsageAggregate}; unreadable records are logged and skipped. */
    public void write(List<String> records) {
        Map<String, UsageAggregate> latest = new LinkedHashMap<>();
        for (String json : records) {
            UsageAggregate aggregate = parse(json);
            if (aggregate != null) {
                latest.merge(aggregate.id(), aggregate, (a, b) -> b.requests() >= a.requests() ? b : a);
            }
        }
        if (latest.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(latest.size());
        Map<String, Instant> lastUsed = new HashMap<>();
        for (UsageAggregate a : latest.values()) {
            writes.add(upsert(a));
            if (UsageAggregate.KEY.equals(a.scope()) && a.lastAt() != null) {
                lastUsed.merge(a.subject(), a.lastAt(), (x, y) -> x.isAfter(y) ? x : y);
            }
        }
        MongoWrites.flush(usage, writes);
        if (!lastUsed.isEmpty()) {
            List<WriteModel<Document>> keyWrites = new ArrayList<>(lastUsed.size());
            lastUsed.forEach((keyId, at) -> keyWrites.add(new UpdateOneModel<>(Filters.eq("_id", keyId),
                    new Document("$max", new Document("lastUsed", Date.from(at))))));
            MongoWrites.flush(keys, keyWrites);
        }
    }

    static UpdateOneModel<Document> upsert(UsageAggregate a) {
        Document max = new Document(UsageDocuments.REQUESTS, a.requests())
                .append(UsageDocuments.ALLOWED, a.allowed())
                .append(UsageDocuments.DENIED, a.denied());
        a.byCode().forEach((code, n) -> max.append(UsageDocuments.BY_CODE + "." + code, n));
        if (a.lastAt() != null) {
            max.append(UsageDocuments.LAST_AT, Date.from(a.lastAt()));
        }
        Document set = new Document(UsageDocuments.SCOPE, a.scope())
                .append(UsageDocuments.SUBJECT, a.subject())
                .append(UsageDocuments.INTERVAL, a.interval())
                .append(UsageDocuments.START, Date.from(a.start()))
                .append(UsageDocuments.END, Date.from(a.end()));
        return new UpdateOneModel<>(Filters.eq("_id", a.id()),
                new Document("$set", set).append("$max", max), new UpdateOptions().upsert(true));
    }

    private static UsageAggregate parse(String json) {
        try {
            return JsonSerde.MAPPER.readValue(json, UsageAggregate.class);
        } catch (JsonProcessingException e) {
            log.warn("skipping an unreadable usage record: {}", e.getOriginalMessage());
            return null;
        }
    }
}
