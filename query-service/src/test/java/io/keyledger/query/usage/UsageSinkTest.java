package io.keyledger.query.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import io.keyledger.query.MongoTestServer;
import io.keyledger.query.attempts.JsonSerde;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The usage sink and queries against the MongoDB wire server. */
class UsageSinkTest {

    static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");

    final MongoTestServer mongo = new MongoTestServer();
    final MongoCollection<Document> usage = mongo.database.getCollection("usage");
    final MongoCollection<Document> keys = mongo.database.getCollection("keys");
    final UsageSink sink = new UsageSink(usage, keys);
    final UsageQueries queries = new UsageQueries(usage);

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void totalsAreRaisedNeverAddedSoARedeliveredOrOlderTotalChangesNothing() throws Exception {
        keys.insertOne(new Document("_id", "k1"));
        sink.write(List.of(json(day("k1", 5, 4, DAY.plusSeconds(100)))));
        sink.write(List.of(json(day("k1", 5, 4, DAY.plusSeconds(100))), json(day("k1", 3, 3, DAY.plusSeconds(50)))));

        UsageQueries.Point total = queries.total(UsageAggregate.KEY, "k1", DAY, DAY.plusSeconds(86_400));
        assertThat(total.requests()).isEqualTo(5);
        assertThat(total.allowed()).isEqualTo(4);
        assertThat(total.denied()).isEqualTo(1);
        assertThat(total.byCode()).containsEntry("VALID", 4L).containsEntry("FORBIDDEN", 1L);
        assertThat(keys.find().first().getDate("lastUsed")).isEqualTo(Date.from(DAY.plusSeconds(100)));
    }

    @Test
    void lastUsedNeverCreatesAKeyDocument() throws Exception {
        sink.write(List.of(json(day("unknown", 1, 1, DAY.plusSeconds(1)))));

        assertThat(keys.countDocuments()).isZero();
        assertThat(usage.countDocuments()).isEqualTo(1);
    }

    @Test
    void todayAndThisMonthAddUpDayWindowsAndASeriesFillsQuietBucketsWithZeros() throws Exception {
        sink.write(List.of(json(day("k1", 2, 2, DAY.plusSeconds(5))),
                json(aggregate("k1", Interval.DAY, DAY.minusSeconds(86_400), 7, 7, DAY.minusSeconds(3600))),
                json(aggregate("k1", Interval.DAY, Instant.parse("2026-02-28T00:00:00Z"), 11, 11,
                        Instant.parse("2026-02-28T05:00:00Z")))));

        assertThat(queries.todayAndThisMonth("k1", DAY.plusSeconds(3600))).containsExactly(2, 9);
        List<UsageQueries.Point> series = queries.series(UsageAggregate.KEY, "k1", Interval.DAY,
                DAY.minusSeconds(2 * 86_400), DAY.plusSeconds(86_400));
        assertThat(series).extracting(UsageQueries.Point::requests).containsExactly(0L, 7L, 2L);
    }

    private static UsageAggregate day(String keyId, long requests, long allowed, Instant lastAt) {
        return aggregate(keyId, Interval.DAY, DAY, requests, allowed, lastAt);
    }

    private static UsageAggregate aggregate(String keyId, Interval interval, Instant start, long requests, long allowed,
                                            Instant lastAt) {
        Map<String, Long> byCode = requests == allowed ? Map.of("VALID", allowed)
                : Map.of("VALID", allowed, "FORBIDDEN", requests - allowed);
        return new UsageAggregate(UsageAggregate.id("key", keyId, interval, start.toEpochMilli()), "key", keyId,
                interval.token(), start, start.plus(interval.size()), requests, allowed, requests - allowed, byCode, lastAt);
    }

    private static String json(UsageAggregate aggregate) throws Exception {
        return JsonSerde.MAPPER.writeValueAsString(aggregate);
    }
}
