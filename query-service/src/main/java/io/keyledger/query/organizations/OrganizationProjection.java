package io.keyledger.query.organizations;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
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
                .append("registeredAt", new Date(at.toEpochMilli()))
                .append("sequence", sequence);
        writes.write(new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", event.organizationId()), Filters.lt("sequence", sequence)),
                new Document("$set", set), new UpdateOptions().upsert(true)));
    }

    @ResetHandler
    void reset() {
        writes.collection().updateMany(new Document(), Updates.set("sequence", -1L));
    }
}
