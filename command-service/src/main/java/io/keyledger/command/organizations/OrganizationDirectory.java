package io.keyledger.command.organizations;

import io.keyledger.api.organizations.OrganizationPolicy;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.OrganizationUpdatedEvent;
import io.keyledger.api.organizations.Plan;
import io.keyledger.command.keys.InvalidFieldException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
    /**
     * Plan and policy as last read from the organization's events, for {@link #SETTINGS_TTL}: a key
     * creation must not cost a query for them. A PATCH through this instance forgets them at once
     * ({@link #forget}); another instance's PATCH reaches this one within the TTL.
     */
    private final Map<String, Versioned> settings = new ConcurrentHashMap<>();
    static final Duration SETTINGS_TTL = Duration.ofSeconds(5);

    private record Versioned(long readAt, Plan plan, OrganizationPolicy policy) {
    }

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

    /** The organization's current policy ({@link OrganizationPolicy#DEFAULT} when it never set one). */
    public OrganizationPolicy policy(String organizationId) {
        Versioned current = settings(organizationId);
        return current == null ? OrganizationPolicy.DEFAULT : current.policy();
    }

    /** The organization's current plan, or {@code null} for an unknown organization. */
    public Plan plan(String organizationId) {
        Versioned current = settings(organizationId);
        return current == null ? null : current.plan();
    }

    /** Forgets what was read of the organization: its next key reads its settings again. */
    public void forget(String organizationId) {
        settings.remove(organizationId);
    }

    private Versioned settings(String organizationId) {
        long now = System.nanoTime();
        Versioned cached = settings.get(organizationId);
        if (cached != null && now - cached.readAt() < SETTINGS_TTL.toNanos()) {
            return cached;
        }
        Plan plan = null;
        OrganizationPolicy policy = OrganizationPolicy.DEFAULT;
        boolean any = false;
        DomainEventStream stream = eventStore.readEvents(organizationId);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            any = true;
            if (event.getPayload() instanceof OrganizationRegisteredEvent registered) {
                plan = registered.plan();
            } else if (event.getPayload() instanceof OrganizationUpdatedEvent updated) {
                plan = updated.plan();
                policy = updated.policy() == null ? OrganizationPolicy.DEFAULT : updated.policy();
            }
        }
        if (!any) {
            return null;
        }
        Versioned read = new Versioned(now, plan, policy);
        settings.put(organizationId, read);
        return read;
    }

    /**
     * The expiry a key of this organization gets: {@code expiresAt} when the organization's
     * {@code max_key_lifetime_days} allows it, now plus that lifetime when none was asked for.
     *
     * @throws InvalidFieldException naming {@code expires_at} when it lies beyond the lifetime
     */
    public Instant expiryWithin(String organizationId, Instant expiresAt, boolean asked, Instant now) {
        Integer days = policy(organizationId).maxKeyLifetimeDays();
        if (days == null) {
            return expiresAt;
        }
        Instant latest = now.plus(Duration.ofDays(days));
        if (expiresAt == null) {
            if (asked) {
                throw new InvalidFieldException("expires_at", "cannot be cleared: the organization allows keys for at most "
                        + days + " days (max_key_lifetime_days)");
            }
            return latest;
        }
        if (expiresAt.isAfter(latest)) {
            throw new InvalidFieldException("expires_at", "must lie within " + days
                    + " days (the organization's max_key_lifetime_days): at most " + latest);
        }
        return expiresAt;
    }
}
