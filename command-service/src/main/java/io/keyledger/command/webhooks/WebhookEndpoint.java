package io.keyledger.command.webhooks;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import io.keyledger.api.webhooks.WebhookCommands;
import io.keyledger.api.webhooks.WebhookEndpointCreatedEvent;
import io.keyledger.api.webhooks.WebhookEndpointDeletedEvent;
import io.keyledger.api.webhooks.WebhookEndpointDisabledEvent;
import io.keyledger.api.webhooks.WebhookEndpointUpdatedEvent;
import io.keyledger.api.webhooks.WebhookSecretRotatedEvent;
import io.keyledger.api.webhooks.WebhookTestRequestedEvent;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A webhook endpoint: where an organization's events are delivered, and the (sealed) secret that
 * signs them. The controller generates and seals the secret and checks the URL's target (it
 * resolves names, which a handler must not do); the aggregate checks everything it can check
 * from the values alone again, so a command from any route is bounded.
 */
@Aggregate
class WebhookEndpoint {

    @AggregateIdentifier
    private String webhookId;
    private String organizationId;
    private String url;
    private List<String> events;
    private String description;
    private boolean enabled;

    protected WebhookEndpoint() {
        // for Axon: rebuilt from its events
    }

    @CommandHandler
    WebhookEndpoint(WebhookCommands.Create command) {
        WebhookRules.requireShape(command.url());
        List<String> events = WebhookRules.events(command.events());
        String description = WebhookRules.description(command.description());
        if (command.encryptedSecret() == null || command.encryptedSecret().isBlank()) {
            throw new IllegalArgumentException("a webhook endpoint needs a sealed secret");
        }
        apply(new WebhookEndpointCreatedEvent(command.webhookId(), command.organizationId(), command.url(), events,
                description, command.encryptedSecret()));
    }

    @CommandHandler
    View handle(WebhookCommands.Update command) {
        requireScope(command.organizationScope());
        Set<String> fields = command.fields() == null ? Set.of() : command.fields();
        String newUrl = url;
        if (fields.contains("url")) {
            WebhookRules.requireShape(command.url());
            newUrl = command.url();
        }
        List<String> newEvents = fields.contains("events") ? WebhookRules.events(command.events()) : events;
        String newDescription = fields.contains("description") ? WebhookRules.description(command.description()) : description;
        boolean newEnabled = enabled;
        if (fields.contains("enabled")) {
            if (command.enabled() == null) {
                throw new io.keyledger.command.keys.InvalidFieldException("enabled", "must be true or false");
            }
            newEnabled = command.enabled();
        }
        if (!Objects.equals(newUrl, url) || !newEvents.equals(events) || !Objects.equals(newDescription, description)
                || newEnabled != enabled) {
            apply(new WebhookEndpointUpdatedEvent(webhookId, organizationId, Set.copyOf(fields), newUrl, newEvents,
                    newDescription, newEnabled));
        }
        return view();
    }

    @CommandHandler
    void handle(WebhookCommands.RotateSecret command) {
        requireScope(command.organizationScope());
        if (command.encryptedSecret() == null || command.previousValidUntil() == null) {
            throw new IllegalArgumentException("a rotation needs a sealed secret and the end of the overlap");
        }
        apply(new WebhookSecretRotatedEvent(webhookId, organizationId, command.encryptedSecret(),
                command.previousValidUntil()));
    }

    @CommandHandler
    void handle(WebhookCommands.RequestTest command) {
        requireScope(command.organizationScope());
        if (!enabled) {
            throw new WebhookNotDeliverableException("the webhook endpoint is disabled; enable it first");
        }
        apply(new WebhookTestRequestedEvent(webhookId, organizationId));
    }

    @CommandHandler
    void handle(WebhookCommands.Delete command) {
        requireScope(command.organizationScope());
        apply(new WebhookEndpointDeletedEvent(webhookId, organizationId));
    }

    /** Only an endpoint that is still on is switched off: a stale failure report does nothing. */
    @CommandHandler
    void handle(WebhookCommands.DisableFailing command) {
        if (enabled) {
            apply(new WebhookEndpointDisabledEvent(webhookId, organizationId, command.failingSince()));
        }
    }

    private void requireScope(String scope) {
        if (scope != null && !scope.equals(organizationId)) {
            throw new WebhookNotFoundException(webhookId);
        }
    }

    View view() {
        return new View(webhookId, organizationId, url, events, description, enabled);
    }

    /** What a change answers besides the stored row. */
    record View(String id, String organizationId, String url, List<String> events, String description, boolean enabled) {
    }

    @EventSourcingHandler
    void on(WebhookEndpointCreatedEvent event) {
        webhookId = event.webhookId();
        organizationId = event.organizationId();
        url = event.url();
        events = event.events();
        description = event.description();
        enabled = true;
    }

    @EventSourcingHandler
    void on(WebhookEndpointUpdatedEvent event) {
        url = event.url();
        events = event.events();
        description = event.description();
        enabled = event.enabled();
    }

    @EventSourcingHandler
    void on(WebhookEndpointDisabledEvent event) {
        enabled = false;
    }

    @EventSourcingHandler
    void on(WebhookEndpointDeletedEvent event) {
        // a deleted endpoint is gone: a later command on its id is a 404, a second DELETE too is answered 204 by the controller
        markDeleted();
    }
}
