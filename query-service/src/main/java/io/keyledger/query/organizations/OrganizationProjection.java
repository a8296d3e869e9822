package io.keyledger.query.organizations;

import io.keyledger.api.organizations.OrganizationPolicy;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.OrganizationUpdatedEvent;
import io.keyledger.query.projections.Dates;
import io.keyledger.query.projections.MongoWrites;
import io.keyledger.query.projections.Projections;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;

/**
 * Organizations into the {@value #COLLECTION} collection, guarded by event sequence and rebuilt like
 * the keys. {@link OrganizationUpdatedEvent} carries the whole new state (name, plan, policy), so it
 * is applied on its own.
 */
@ProcessingGroup(Projections.ORGANIZATIONS)
class OrganizationProjection {

    static final String COLLECTION = "organizations";
    static final String NAME = "name";
    static final String PLAN = "plan";
    static final String POLICY = "policy";
    static final String REGISTERED_AT = "registeredAt";
    static final String UPDATED_AT = "updatedAt";

    private final MongoWrites writes;

    OrganizationProjection(MongoWrites organizationWrites) {
        this.writes = organizationWrites;
    }

    @EventHandler
    void on(OrganizationRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at, ReplayStatus replay) {
        Document set = new Document(NAME, event.name())
                .append(PLAN, event.plan() == null ? null : event.plan().name())
                // a rebuild replays the registration over the old document: reset what later events set
                .append(POLICY, policy(OrganizationPolicy.DEFAULT))
                .append(REGISTERED_AT, Dates.date(at))
                .append(UPDATED_AT, Dates.date(at));
        writes.write(new MongoWrites.Write(event.organizationId(), sequence, set,
                replay.isReplay() ? MongoWrites.Kind.RECREATE : MongoWrites.Kind.CREATE));
    }

    @EventHandler
    void on(OrganizationUpdatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Document set = new Document(NAME, event.name())
                .append(PLAN, event.plan() == null ? null : event.plan().name())
                .append(POLICY, policy(event.policy() == null ? OrganizationPolicy.DEFAULT : event.policy()))
                .append(UPDATED_AT, Dates.date(at));
        writes.write(new MongoWrites.Write(event.organizationId(), sequence, set, MongoWrites.Kind.CHANGE));
    }

    static Document policy(OrganizationPolicy policy) {
        return new Document("maxKeyLifetimeDays", policy.maxKeyLifetimeDays())
                .append("approvalRequiredFor", policy.approvalRequiredFor() == null ? List.of()
                        : List.copyOf(policy.approvalRequiredFor()))
                .append("onLeak", policy.onLeak() == null ? null : policy.onLeak().name());
    }
}
