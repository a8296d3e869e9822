package io.keyledger.support.auth;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.Environment;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

/**
 * Who may call the management APIs: an in-memory projection of every key's hash,
 * organization, permissions and status, built by each service instance from the event
 * stream (processing group {@value #PROCESSING_GROUP}, tracking, with an in-memory token,
 * so it replays from the first event at every start). The command and query services use it
 * to authenticate {@code Authorization: Bearer} calls without asking another service.
 */
@ProcessingGroup(CallerDirectory.PROCESSING_GROUP)
public class CallerDirectory {

    public static final String PROCESSING_GROUP = "caller-directory";

    private record Entry(String keyId, String organizationId, List<String> permissions, Environment environment,
                         boolean usable, Instant expiresAt) {
        Entry with(List<String> newPermissions, Instant newExpiresAt) {
            return new Entry(keyId, organizationId, newPermissions, environment, usable, newExpiresAt);
        }

        Entry usable(boolean newUsable) {
            return new Entry(keyId, organizationId, permissions, environment, newUsable, expiresAt);
        }
    }

    private final Clock clock;
    private final Map<String, Entry> byKeyId = new ConcurrentHashMap<>();
    /** SHA-256 hex of a current or grace-period secret → key id. */
    private final Map<String, String> keyIdByHash = new ConcurrentHashMap<>();

    public CallerDirectory(Clock clock) {
        this.clock = clock;
    }

    /**
     * The caller behind a presented key, if the key exists and may be used now. The lookup is
     * by SHA-256 of the presented key: a guesser controls the key, not its hash, so the time a
     * map lookup takes tells nothing about how close a guess came.
     */
    public Optional<Caller> authenticate(String presentedKey) {
        if (ApiKeyFormat.classify(presentedKey) == ApiKeyFormat.Kind.MALFORMED) {
            return Optional.empty();
        }
        String hash = ApiKeyFormat.sha256Hex(presentedKey);
        String keyId = keyIdByHash.get(hash);
        Entry entry = keyId == null ? null : byKeyId.get(keyId);
        if (entry == null || !entry.usable()
                || (entry.expiresAt() != null && !clock.instant().isBefore(entry.expiresAt()))) {
            return Optional.empty();
        }
        return Optional.of(new Caller(entry.keyId(), entry.organizationId(), entry.permissions(), entry.environment()));
    }

    /** The organization a key belongs to, whatever its status. */
    public Optional<String> organizationOf(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId)).map(Entry::organizationId);
    }

    @EventHandler
    void on(ApiKeyCreatedEvent event) {
        byKeyId.put(event.keyId(), new Entry(event.keyId(), event.organizationId(),
                List.copyOf(event.permissions()),
                event.environment() == null ? Environment.LIVE : event.environment(), true, event.expiresAt()));
        keyIdByHash.put(event.keyHash(), event.keyId());
    }

    @EventHandler
    void on(ApiKeyUpdatedEvent event) {
        byKeyId.computeIfPresent(event.keyId(), (id, e) -> e.with(List.copyOf(event.permissions()), event.expiresAt()));
    }

    @EventHandler
    void on(ApiKeyRotatedEvent event) {
        keyIdByHash.put(event.keyHash(), event.keyId());
        if (event.previousValidUntil() == null) {
            keyIdByHash.remove(event.previousKeyHash());
        }
    }

    @EventHandler
    void on(ApiKeyPreviousSecretRetiredEvent event) {
        keyIdByHash.remove(event.previousKeyHash());
    }

    @EventHandler
    void on(ApiKeyDisabledEvent event) {
        byKeyId.computeIfPresent(event.keyId(), (id, e) -> e.usable(false));
    }

    @EventHandler
    void on(ApiKeyEnabledEvent event) {
        byKeyId.computeIfPresent(event.keyId(), (id, e) -> e.usable(true));
    }

    @EventHandler
    void on(ApiKeyRevokedEvent event) {
        byKeyId.computeIfPresent(event.keyId(), (id, e) -> e.usable(false));
    }

    @EventHandler
    void on(ApiKeyExpiredEvent event) {
        byKeyId.computeIfPresent(event.keyId(), (id, e) -> e.usable(false));
    }

    @ResetHandler
    void reset() {
        byKeyId.clear();
        keyIdByHash.clear();
    }
}
