package io.keyledger.query.projections;

import org.bson.Document;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * MongoDB answers. Spring Boot's own Mongo indicator sends {@code hello}, which the local
 * stand-in (mongo-java-server) does not know; {@code ping} works on both.
 */
class ReadModelHealth implements HealthIndicator {

    private final MongoTemplate mongo;

    ReadModelHealth(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Health health() {
        try {
            mongo.executeCommand(new Document("ping", 1));
            return Health.up().withDetail("database", mongo.getDb().getName()).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
