package io.keyledger.query.organizations;

import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.query.projections.MongoWrites;
import io.keyledger.query.projections.Projections;
import java.time.Instant;
import java.util.Date;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;

/** Organizations into the {@value #COLLECTION} collection, guarded by event sequence and rebuilt like the keys. */
@ProcessingGroup(Projections.ORGANIZATIONS)
class OrganizationProjection {

    static final String COLLECTION = "organizations";

    private final MongoWrites writes;

    OrganizationProjection(MongoWrites organizationWrites) {
        this.writes = organizationWrites;
    }

    @EventHandler
    void on(OrganizationRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at, ReplayStatus replay) {
        Document set = new Document("name", event.name())
                .append("plan", event.plan() == null ? null : event.plan().name())
                .append("registeredAt", new Date(at.toEpochMilli()));
        writes.write(new MongoWrites.Write(event.organizationId(), sequence, set,
                replay.isReplay() ? MongoWrites.Kind.RECREATE : MongoWrites.Kind.CREATE));
    }
}
