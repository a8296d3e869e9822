package io.keyledger.query.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import io.keyledger.api.organizations.OrganizationPolicy;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.OrganizationUpdatedEvent;
import io.keyledger.api.organizations.Plan;
import io.keyledger.query.MongoTestServer;
import io.keyledger.query.keys.KeyDocuments;
import io.keyledger.query.projections.MongoWrites;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.ReplayStatus;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The organization projection and its reads as plain objects against the MongoDB wire server. */
class OrganizationProjectionTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final OrganizationPolicy STRICT = new OrganizationPolicy(90, List.of("admin:*", "keys:write"),
            OrganizationPolicy.LeakAction.REVOKE);

    final MongoTestServer mongo = new MongoTestServer();
    final MongoCollection<Document> collection = mongo.database.getCollection(OrganizationProjection.COLLECTION);
    final OrganizationProjection projection = new OrganizationProjection(new MongoWrites(collection, "sequence"));
    final Organizations organizations = new Organizations(collection,
            mongo.database.getCollection(KeyDocuments.COLLECTION));

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void anUpdateSetsNamePlanAndPolicyAndAnOlderOrReplayedOneChangesNothing() {
        projection.on(new OrganizationRegisteredEvent("acme", "Acme", Plan.FREE), 0, T0, ReplayStatus.REGULAR);
        OrganizationRecord registered = organizations.find("acme").orElseThrow();
        assertThat(registered.policy()).isEqualTo(OrganizationPolicy.DEFAULT);
        assertThat(registered.plan()).isEqualTo(Plan.FREE);
        assertThat(registered.createdAt()).isEqualTo(T0);

        projection.on(new OrganizationUpdatedEvent("acme", "Acme Corp", Plan.ENTERPRISE, STRICT), 1, T0.plusSeconds(5));
        OrganizationRecord updated = organizations.find("acme").orElseThrow();
        assertThat(updated).isEqualTo(new OrganizationRecord("acme", "Acme Corp", Plan.ENTERPRISE, STRICT, T0,
                T0.plusSeconds(5), 1));

        // the same event again, and an older one, leave the document as it is
        projection.on(new OrganizationUpdatedEvent("acme", "Acme Corp", Plan.ENTERPRISE, STRICT), 1, T0.plusSeconds(5));
        projection.on(new OrganizationUpdatedEvent("acme", "Old", Plan.FREE, OrganizationPolicy.DEFAULT), 0, T0);
        assertThat(organizations.find("acme").orElseThrow()).isEqualTo(updated);

        // a rebuild's replayed registration resets the policy; the update replayed after it restores it
        projection.on(new OrganizationRegisteredEvent("acme", "Acme", Plan.FREE), 0, T0, ReplayStatus.REPLAY);
        assertThat(organizations.find("acme").orElseThrow().policy()).isEqualTo(OrganizationPolicy.DEFAULT);
        projection.on(new OrganizationUpdatedEvent("acme", "Acme Corp", Plan.ENTERPRISE, STRICT), 1, T0.plusSeconds(5));
        assertThat(organizations.find("acme").orElseThrow()).isEqualTo(updated);
    }

    @Test
    void anUpdateOfAnUnregisteredOrganizationCreatesNothing() {
        projection.on(new OrganizationUpdatedEvent("ghost", "Ghost", Plan.FREE, STRICT), 1, T0);
        assertThat(organizations.find("ghost")).isEmpty();
        assertThat(organizations.exists("ghost")).isFalse();
    }

    @Test
    void theListPagesByIdAndANonAdminSeesOnlyItsOwn() {
        for (String id : List.of("c", "a", "e", "b", "d")) {
            projection.on(new OrganizationRegisteredEvent(id, "Org " + id, Plan.PROFESSIONAL), 0, T0, ReplayStatus.REGULAR);
        }
        Organizations.Page first = organizations.list(null, 2, null);
        assertThat(first.data()).extracting(OrganizationRecord::id).containsExactly("a", "b");
        Organizations.Page second = organizations.list(null, 2, first.nextCursor());
        assertThat(second.data()).extracting(OrganizationRecord::id).containsExactly("c", "d");
        Organizations.Page third = organizations.list(null, 2, second.nextCursor());
        assertThat(third.data()).extracting(OrganizationRecord::id).containsExactly("e");
        assertThat(third.nextCursor()).isNull();
        assertThat(organizations.list("d", 50, null).data()).extracting(OrganizationRecord::id).containsExactly("d");
        // an organization known only by its keys counts as known
        mongo.database.getCollection(KeyDocuments.COLLECTION).insertOne(new Document("_id", "k").append("organizationId", "z"));
        assertThat(organizations.exists("z")).isTrue();
        assertThat(organizations.exists("y")).isFalse();
    }
}
