package io.keyledger.query.organizations;

import com.mongodb.client.model.Updates;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.query.projections.MongoWrites;
import io.keyledger.query.projections.Projections;
import java.time.Instant;
import java.util.Date;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;

/** Organizations into the {@value #COLLECTION} collection, guarded by event sequence like the keys. */
@ProcessingGroup(Projections.ORGANIZATIONS)
class OrganizationProjection {

    static final String COLLECTION = "organizations";

    private final MongoWrites writes;

    OrganizationProjection(MongoWrites organizationWrites) {
        this.writes = organizationWrites;
    }

    @EventHandler
    void on(OrganizationRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Document set = new Document("name", event.name())
                .append("plan", event.plan() == null ? null : event.plan().name())
                .append("registeredAt", new Date(at.toEpochMilli()));
        writes.write(new MongoWrites.Write(event.organizationId(), sequence, set, true));
    }

    @ResetHandler
    void reset() {
        writes.collection().updateMany(new Document(), Updates.set("sequence", -1L));
    }
}
