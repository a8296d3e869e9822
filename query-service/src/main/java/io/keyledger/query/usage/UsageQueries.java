package io.keyledger.query.usage;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.keyledger.api.attempts.VerificationCode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Reads of the usage collection. Callers have checked that the subject belongs to the caller's organization. */
public class UsageQueries {

    /** A series longer than this is refused: ask for a coarser interval. */
    public static final int MAX_POINTS = 10_000;

    private final MongoCollection<Document> usage;

    public UsageQueries(MongoCollection<Document> usage) {
        this.usage = usage;
    }

    /** One bucket of a usage series. */
    public record Point(Instant start, long requests, long allowed, long denied, Map<String, Long> byCode) {
    }

    /**
     * The buckets whose start lies in {@code [from, to)}, oldest first, with empty buckets as
     * zeros so a chart's x axis is continuous. {@code from} is rounded down to a bucket start.
     */
    public List<Point> series(String scope, String subject, Interval interval, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        long size = interval.size().toMillis();
        if (java.time.Duration.between(from, to).compareTo(interval.size().multipliedBy(MAX_POINTS)) > 0) {
            // checked before any epoch-millisecond arithmetic, which overflows for far instants
            throw new IllegalArgumentException("the range holds more than " + MAX_POINTS + " " + interval.token()
                    + " buckets: narrow it or use a coarser interval");
        }
        long first = Math.floorDiv(from.toEpochMilli(), size) * size;
        long points = (to.toEpochMilli() - first + size - 1) / size;
        if (points > MAX_POINTS) {
            throw new IllegalArgumentException("the range holds " + points + " " + interval.token()
                    + " buckets, more than " + MAX_POINTS + ": narrow it or use a coarser interval");
        }
        Map<Long, Document> found = new HashMap<>();
        for (Document doc : windows(scope, subject, interval, first, to.toEpochMilli())) {
            found.put(doc.getDate(UsageDocuments.START).getTime(), doc);
        }
        List<Point> series = new ArrayList<>((int) points);
        for (long start = first; start < to.toEpochMilli(); start += size) {
            Document doc = found.get(start);
            series.add(doc == null ? new Point(Instant.ofEpochMilli(start), 0, 0, 0, Map.of()) : point(doc));
        }
        return series;
    }

    /** Requests in the UTC day of {@code now} and in its UTC month. */
    public long[] todayAndThisMonth(String keyId, Instant now) {
        long day = Interval.DAY.size().toMillis();
        Instant today = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), day) * day);
        Instant monthStart = YearMonth.from(now.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        long todayCount = 0;
        long monthCount = 0;
        for (Document doc : windows(UsageAggregate.KEY, keyId, Interval.DAY, monthStart.toEpochMilli(),
                today.toEpochMilli() + day)) {
            long requests = number(doc, UsageDocuments.REQUESTS);
            monthCount += requests;
            if (doc.getDate(UsageDocuments.START).toInstant().equals(today)) {
                todayCount += requests;
            }
        }
        return new long[] {todayCount, monthCount};
    }

    /**
     * {@link #todayAndThisMonth(String, Instant)} of several keys at once (a page of the key list,
     * the candidates of the most used keys): one read of their day windows of this month, by id.
     */
    public Map<String, long[]> todayAndThisMonth(List<String> keyIds, Instant now) {
        long day = Interval.DAY.size().toMillis();
        long today = Math.floorDiv(now.toEpochMilli(), day) * day;
        long monthStart = YearMonth.from(now.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC).toEpochMilli();
        List<String> ids = new ArrayList<>();
        Map<String, String> keyOfId = new HashMap<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (String keyId : keyIds) {
            counts.put(keyId, new long[2]);
            for (long start = monthStart; start <= today; start += day) {
                String id = UsageAggregate.id(UsageAggregate.KEY, keyId, Interval.DAY, start);
                ids.add(id);
                keyOfId.put(id, keyId);
            }
        }
        if (ids.isEmpty()) {
            return counts;
        }
        for (Document doc : usage.find(Filters.in("_id", ids))) {
            long[] c = counts.get(keyOfId.get(doc.getString("_id")));
            if (c == null) {
                continue;
            }
            long requests = number(doc, UsageDocuments.REQUESTS);
            c[1] += requests;
            if (doc.getDate(UsageDocuments.START).getTime() == today) {
                c[0] += requests;
            }
        }
        return counts;
    }

    /** Totals of a subject over {@code [from, to)} in day buckets: requests, allowed, denied and by code. */
    public Point total(String scope, String subject, Instant from, Instant to) {
        long requests = 0;
        long allowed = 0;
        long denied = 0;
        Map<String, Long> byCode = new LinkedHashMap<>();
        long day = Interval.DAY.size().toMillis();
        long first = Math.floorDiv(from.toEpochMilli(), day) * day;
        if ((to.toEpochMilli() - first) / day > MAX_POINTS) {
            throw new IllegalArgumentException("the period holds more than " + MAX_POINTS + " days");
        }
        for (Document doc : windows(scope, subject, Interval.DAY, first, to.toEpochMilli())) {
            Point p = point(doc);
            requests += p.requests();
            allowed += p.allowed();
            denied += p.denied();
            p.byCode().forEach((code, n) -> byCode.merge(code, n, Long::sum));
        }
        return new Point(from, requests, allowed, denied, byCode);
    }

    /**
     * The stored windows starting in {@code [firstStart, end)}, looked up by their ids: a read by
     * {@code _id} is the one every MongoDB-compatible server answers from an index, the local
     * stand-in included.
     */
    private Iterable<Document> windows(String scope, String subject, Interval interval, long firstStart, long end) {
        long size = interval.size().toMillis();
        List<String> ids = new ArrayList<>();
        for (long start = Math.floorDiv(firstStart, size) * size; start < end; start += size) {
            ids.add(UsageAggregate.id(scope, subject, interval, start));
        }
        return usage.find(Filters.in("_id", ids));
    }

    private static Point point(Document doc) {
        Map<String, Long> byCode = new LinkedHashMap<>();
        Document codes = doc.get(UsageDocuments.BY_CODE, Document.class);
        if (codes != null) {
            for (VerificationCode code : VerificationCode.values()) {
                Object n = codes.get(code.name());
                if (n instanceof Number number && number.longValue() > 0) {
                    byCode.put(code.name(), number.longValue());
                }
            }
        }
        return new Point(doc.getDate(UsageDocuments.START).toInstant(), number(doc, UsageDocuments.REQUESTS),
                number(doc, UsageDocuments.ALLOWED), number(doc, UsageDocuments.DENIED), byCode);
    }

    private static long number(Document doc, String field) {
        Object n = doc.get(field);
        return n instanceof Number number ? number.longValue() : 0;
    }
}
