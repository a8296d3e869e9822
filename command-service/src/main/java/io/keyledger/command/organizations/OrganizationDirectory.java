package io.keyledger.command.organizations;

import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Answers "does this organization exist?" for key creation straight from the event store,
 * so that a key can be issued for an organization registered a moment ago, without locking the
 * organization aggregate (which would serialize every key creation of an organization).
 * Organizations are never removed, so a positive answer is cached for good.
 */
@Component
public class OrganizationDirectory {

    private final EventStore eventStore;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    OrganizationDirectory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public boolean exists(String organizationId) {
        if (organizationId == null || organizationId.isBlank()) {
            return false;
        }
        if (known.contains(organizationId)) {
            return true;
        }
        DomainEventStream stream = eventStore.readEvents(organizationId);
        if (!stream.hasNext()) {
            return false;
        }
        DomainEventMessage<?> first = stream.next();
        // organization ids and key ids share the event store's aggregate id space
        boolean organization = first.getPayload() instanceof OrganizationRegisteredEvent;
        if (organization) {
            known.add(organizationId);
        }
        return organization;
    }
}
