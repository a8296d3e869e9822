package io.keyledger.validator.hotset;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;

/**
 * Feeds the {@link HotSet} from the event stream. Its processing group runs as a tracking
 * processor with an in-memory token (see {@code HotSetConfiguration}): every validator
 * instance replays the stream from the first event at start and then follows it, so each one
 * holds every key and none shares a position with another. A handler taking a second parameter
 * takes the event's timestamp ({@code HotSetInitialLoad} passes it the same way).
 */
@ProcessingGroup(HotSetProjection.PROCESSING_GROUP)
class HotSetProjection {

    static final String PROCESSING_GROUP = "validator-hot-set";

    private final HotSet hotSet;
    private final io.keyledger.validator.credits.CreditBook credits;

    HotSetProjection(HotSet hotSet) {
        this(hotSet, io.keyledger.validator.credits.CreditBook.unmetered());
    }

    HotSetProjection(HotSet hotSet, io.keyledger.validator.credits.CreditBook credits) {
        this.hotSet = hotSet;
        this.credits = credits;
    }

    // credits (DESIGN §9): balance, epoch and the other validators' leases, for the credit book
    @EventHandler
    void on(io.keyledger.api.credits.ApiKeyCreditsChangedEvent event) {
        credits.on(event);
    }

    @EventHandler
    void on(io.keyledger.api.credits.ApiKeyCreditsLeasedEvent event) {
        credits.on(event);
    }

    @EventHandler
    void on(io.keyledger.api.credits.ApiKeyCreditLeaseEndedEvent event) {
        credits.on(event);
    }

    @EventHandler
    void on(OrganizationRegisteredEvent event) {
        hotSet.on(event);
    }

    @EventHandler
    void on(ApiKeyCreatedEvent event) {
        hotSet.on(event);
    }

    @EventHandler
    void on(ApiKeyUpdatedEvent event) {
        hotSet.on(event);
    }

    @EventHandler
    void on(io.keyledger.api.keys.ApiKeyMetaChangedEvent event) {
        hotSet.on(event);
    }

    @EventHandler
    void on(ApiKeyRotatedEvent event) {
        hotSet.on(event);
    }

    @EventHandler
    void on(ApiKeyPreviousSecretRetiredEvent event) {
        hotSet.on(event);
    }

    @EventHandler
    void on(ApiKeyDisabledEvent event) {
        hotSet.on(event);
    }

    @EventHandler
    void on(ApiKeyEnabledEvent event) {
        hotSet.on(event);
    }

    @EventHandler
    void on(ApiKeyRevokedEvent event, @Timestamp Instant at) {
        hotSet.on(event, at);
    }

    @EventHandler
    void on(ApiKeyExpiredEvent event, @Timestamp Instant at) {
        hotSet.on(event, at);
    }

    @ResetHandler
    void reset() {
        hotSet.clear();
        credits.clear();
    }
}
