package io.keyledger.query.organizations;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.keyledger.api.organizations.OrganizationPolicy;
import io.keyledger.api.organizations.Plan;
import io.keyledger.query.keys.KeyDocuments;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Reads of the {@value OrganizationProjection#COLLECTION} collection. */
public class Organizations {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private final MongoCollection<Document> organizations;
    private final MongoCollection<Document> keys;

    Organizations(MongoCollection<Document> organizations, MongoCollection<Document> keys) {
        this.organizations = organizations;
        this.keys = keys;
    }

    record Page(List<OrganizationRecord> data, String nextCursor) {
    }

    Optional<OrganizationRecord> find(String id) {
        return Optional.ofNullable(organizations.find(Filters.eq("_id", id)).first()).map(Organizations::toRecord);
    }

    /**
     * Whether the platform knows {@code id}: registered, or holding keys (keys of an organization
     * whose registration predates the organizations projection still count).
     */
    public boolean exists(String id) {
        return organizations.find(Filters.eq("_id", id)).first() != null
                || keys.find(Filters.eq("organizationId", id)).limit(1).first() != null;
    }

    /** A page of organizations by id; {@code only} restricts it to that one organization (non-admin callers). */
    Page list(String only, int limit, String cursor) {
        checkLimit(limit);
        List<Bson> conditions = new ArrayList<>();
        if (only != null) {
            conditions.add(Filters.eq("_id", only));
        }
        if (cursor != null && !cursor.isEmpty()) {
            conditions.add(Filters.gt("_id", decode(cursor)));
        }
        List<OrganizationRecord> data = new ArrayList<>();
        for (Document doc : organizations.find(conditions.isEmpty() ? new Document() : Filters.and(conditions))
                .sort(Sorts.ascending("_id")).limit(limit + 1)) {
            data.add(toRecord(doc));
        }
        String next = null;
        if (data.size() > limit) {
            data = data.subList(0, limit);
            next = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(data.get(limit - 1).id().getBytes(StandardCharsets.UTF_8));
        }
        return new Page(List.copyOf(data), next);
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this API returned");
        }
    }

    static OrganizationRecord toRecord(Document doc) {
        Document policy = doc.get(OrganizationProjection.POLICY, Document.class);
        String plan = doc.getString(OrganizationProjection.PLAN);
        Number sequence = doc.get(KeyDocuments.SEQUENCE, Number.class);
        return new OrganizationRecord(doc.getString("_id"), doc.getString(OrganizationProjection.NAME),
                plan == null ? null : Plan.valueOf(plan),
                policy == null ? OrganizationPolicy.DEFAULT : new OrganizationPolicy(
                        policy.getInteger("maxKeyLifetimeDays"),
                        policy.getList("approvalRequiredFor", String.class) == null ? List.of()
                                : List.copyOf(policy.getList("approvalRequiredFor", String.class)),
                        policy.getString("onLeak") == null ? OrganizationPolicy.LeakAction.DISABLE
                                : OrganizationPolicy.LeakAction.valueOf(policy.getString("onLeak"))),
                instant(doc.getDate(OrganizationProjection.REGISTERED_AT)),
                instant(doc.getDate(OrganizationProjection.UPDATED_AT)),
                sequence == null ? 0 : sequence.longValue());
    }

    private static java.time.Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
