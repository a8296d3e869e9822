package io.keyledger.command.organizations;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.support.auth.CallerDirectory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Bounds the live (not revoked, not expired) keys of an organization at
 * {@code keyledger.keys.max-per-organization}, so that one tenant cannot fill the event store
 * and every validator's memory with keys.
 *
 * <p>The count comes from the event stream, plus the keys this instance is creating right now,
 * which the stream has not delivered yet. It shares the caller directory's processor (tracking,
 * in-memory token, rebuilt at every start, no transaction): both are in-memory views of the same
 * events, and one processor reads and deserializes each event once instead of twice.
 * Two instances creating keys for one organization at the same moment can overshoot the
 * limit by the number of such in-flight creations; one instance cannot.
 */
@Component
@ProcessingGroup(CallerDirectory.PROCESSING_GROUP)
public class KeyQuota {

    private final int maxPerOrganization;
    private final Map<String, AtomicInteger> live = new ConcurrentHashMap<>();
    /** key id → organization, for creations of this instance the stream has not delivered yet. */
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    KeyQuota(@Value("${keyledger.keys.max-per-organization:10000}") int maxPerOrganization) {
        this.maxPerOrganization = maxPerOrganization;
    }

    /**
     * Counts {@code keyId} against its organization before it is created.
     *
     * @throws QuotaExceededException when the organization holds the maximum already
     */
    public void reserve(String organizationId, String keyId) {
        synchronized (locks.computeIfAbsent(organizationId, o -> new Object())) {
            if (count(organizationId) >= maxPerOrganization) {
                throw new QuotaExceededException("organization '" + organizationId + "' has reached its limit of "
                        + maxPerOrganization + " live keys; revoke keys it no longer needs");
            }
            inFlight.put(keyId, organizationId);
        }
    }

    /** The creation failed: the reserved key does not count. */
    public void release(String keyId) {
        inFlight.remove(keyId);
    }

    int count(String organizationId) {
        AtomicInteger counted = live.get(organizationId);
        long pending = inFlight.values().stream().filter(organizationId::equals).count();
        return (counted == null ? 0 : counted.get()) + (int) pending;
    }

    @EventHandler
    void on(ApiKeyCreatedEvent event) {
        live.computeIfAbsent(event.organizationId(), o -> new AtomicInteger()).incrementAndGet();
        inFlight.remove(event.keyId());
    }

    @EventHandler
    void on(ApiKeyRevokedEvent event) {
        live.computeIfAbsent(event.organizationId(), o -> new AtomicInteger()).decrementAndGet();
    }

    @EventHandler
    void on(ApiKeyExpiredEvent event) {
        live.computeIfAbsent(event.organizationId(), o -> new AtomicInteger()).decrementAndGet();
    }

    @ResetHandler
    void reset() {
        live.clear();
    }

    /** Too many live keys in the organization: 409. */
    public static class QuotaExceededException extends RuntimeException {
        QuotaExceededException(String message) {
            super(message);
        }
    }
}
