package io.keyledger.query.keys;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.KeyStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Reads of the key collection, always within one organization. */
public class KeyQueries {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private final MongoCollection<Document> keys;

    public KeyQueries(MongoCollection<Document> keys) {
        this.keys = keys;
    }

    /** The key, if it exists and belongs to {@code organizationId}; another organization's key is "absent". */
    public Optional<KeyRecord> find(String organizationId, String keyId) {
        // by id alone, so the local stand-in (mongo-java-server) uses its index; then the organization
        Document doc = keys.find(Filters.eq(KeyDocuments.ID, keyId)).first();
        return Optional.ofNullable(doc)
                .filter(d -> organizationId.equals(d.getString(KeyDocuments.ORGANIZATION_ID)))
                .map(KeyDocuments::toRecord);
    }

    /** A page of keys, newest first, and the cursor of the next page ({@code null} on the last). */
    public record Page(List<KeyRecord> data, String nextCursor) {
    }

    /**
     * {@code q}: the key's display prefix starts with it, or its name or a word of its name starts with it
     * (case-insensitive; {@link SearchTerms}); {@code prefix}: the display prefix starts with it (case kept);
     * {@code expiresBefore}: only keys whose {@code expires_at} is before it ({@code null}: all).
     */
    public record Filter(KeyStatus status, Environment environment, String ownerId, String q, Instant expiresBefore,
                         String prefix) {

        public Filter(KeyStatus status, Environment environment, String ownerId, String q, Instant expiresBefore) {
            this(status, environment, ownerId, q, expiresBefore, null);
        }

        public Filter(KeyStatus status, Environment environment, String ownerId) {
            this(status, environment, ownerId, null, null);
        }

        public Filter(KeyStatus status, Environment environment, String ownerId, String q) {
            this(status, environment, ownerId, q, null);
        }
    }

    /** Up to {@code n} keys of the organization that were used, most recently used first (index {@code org_last_used}). */
    public List<KeyRecord> recentlyUsed(String organizationId, int n) {
        List<KeyRecord> used = new ArrayList<>(n);
        for (Document doc : keys.find(Filters.and(Filters.eq(KeyDocuments.ORGANIZATION_ID, organizationId),
                        Filters.exists(KeyDocuments.LAST_USED), Filters.ne(KeyDocuments.LAST_USED, null)))
                .sort(Sorts.descending(KeyDocuments.LAST_USED)).limit(n)) {
            used.add(KeyDocuments.toRecord(doc));
        }
        return used;
    }

    public static final int MAX_QUERY_LENGTH = 100;
    public static final int MAX_PREFIX_LENGTH = 64;

    public Page list(String organizationId, Filter filter, int limit, String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        List<Bson> conditions = new ArrayList<>();
        conditions.add(Filters.eq(KeyDocuments.ORGANIZATION_ID, organizationId));
        if (filter.status() != null) {
            conditions.add(Filters.eq(KeyDocuments.STATUS, filter.status().name()));
        }
        if (filter.environment() != null) {
            conditions.add(Filters.eq(KeyDocuments.ENVIRONMENT, filter.environment().name()));
        }
        if (filter.ownerId() != null) {
            conditions.add(Filters.eq(KeyDocuments.OWNER + ".id", filter.ownerId()));
        }
        if (filter.q() != null && !filter.q().isBlank()) {
            String q = filter.q().trim();
            if (q.length() > MAX_QUERY_LENGTH) {
                throw new IllegalArgumentException("q must be at most " + MAX_QUERY_LENGTH + " characters");
            }
            // equality on the terms the document keeps (SearchTerms): indexes org_name_terms, org_prefix_terms
            String name = SearchTerms.normalizeName(q);
            Bson byName = Filters.eq(KeyDocuments.NAME_TERMS, SearchTerms.lookup(name));
            Bson byPrefix = Filters.eq(KeyDocuments.PREFIX_TERMS, SearchTerms.lookup(q));
            if (!SearchTerms.lookup(name).equals(name)) {
                // longer than a term: the index narrows, the whole query decides (a word or the name starts with it)
                String words = "(^|[^\\p{L}\\p{N}])" + java.util.regex.Pattern.quote(q);
                byName = Filters.and(byName, Filters.regex(KeyDocuments.NAME, words, "i"));
                byPrefix = Filters.and(byPrefix, Filters.regex(KeyDocuments.PREFIX, "^" + java.util.regex.Pattern.quote(q)));
            }
            conditions.add(Filters.or(byName, byPrefix));
        }
        if (filter.prefix() != null && !filter.prefix().isEmpty()) {
            if (filter.prefix().length() > MAX_PREFIX_LENGTH) {
                throw new IllegalArgumentException("prefix must be at most " + MAX_PREFIX_LENGTH + " characters");
            }
            Bson byPrefix = Filters.eq(KeyDocuments.PREFIX_TERMS, SearchTerms.lookup(filter.prefix()));
            if (!SearchTerms.lookup(filter.prefix()).equals(filter.prefix())) {
                byPrefix = Filters.and(byPrefix,
                        Filters.regex(KeyDocuments.PREFIX, "^" + java.util.regex.Pattern.quote(filter.prefix())));
            }
            conditions.add(byPrefix);
        }
        if (filter.expiresBefore() != null) {
            conditions.add(Filters.lt(KeyDocuments.EXPIRES_AT, Date.from(filter.expiresBefore())));
        }
        if (cursor != null && !cursor.isEmpty()) {
            Cursor after = Cursor.decode(cursor);
            conditions.add(Filters.or(
                    Filters.lt(KeyDocuments.CREATED_AT, after.createdAt()),
                    Filters.and(Filters.eq(KeyDocuments.CREATED_AT, after.createdAt()),
                            Filters.lt(KeyDocuments.ID, after.id()))));
        }
        List<KeyRecord> page = new ArrayList<>(limit);
        // one more than asked tells whether a next page exists without a count
        for (Document doc : keys.find(Filters.and(conditions))
                .sort(Sorts.descending(KeyDocuments.CREATED_AT, KeyDocuments.ID))
                .limit(limit + 1)) {
            page.add(KeyDocuments.toRecord(doc));
        }
        if (page.size() <= limit) {
            return new Page(page, null);
        }
        List<KeyRecord> data = page.subList(0, limit);
        KeyRecord last = data.get(limit - 1);
        return new Page(List.copyOf(data), new Cursor(Date.from(last.createdAt()), last.id()).encode());
    }

    /**
     * Position after the last key of a page: (creation time, id), which is also the sort order.
     * Opaque to clients; a malformed one is their error (400).
     */
    record Cursor(Date createdAt, String id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt.getTime() + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                return new Cursor(new Date(Long.parseLong(text.substring(0, colon))), text.substring(colon + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor is not one this API returned");
            }
        }
    }
}
