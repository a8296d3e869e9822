package io.keyledger.command.webhooks;

import io.keyledger.api.webhooks.WebhookCommands;
import io.keyledger.api.webhooks.WebhookEndpointCreatedEvent;
import io.keyledger.api.webhooks.WebhookEndpointDeletedEvent;
import io.keyledger.api.webhooks.WebhookEndpointDisabledEvent;
import io.keyledger.api.webhooks.WebhookEndpointUpdatedEvent;
import io.keyledger.api.webhooks.WebhookSecretRotatedEvent;
import io.keyledger.api.webhooks.WebhookTestRequestedEvent;
import io.keyledger.command.keys.InvalidFieldException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookEndpointTest {

    private static final String ID = "wh_00000000000000000000000000000001";
    private static final WebhookEndpointCreatedEvent CREATED = new WebhookEndpointCreatedEvent(ID, "org_a",
            "https://hooks.example.com/in", List.of("key.revoked"), "ops", "sealed-1");

    private AggregateTestFixture<WebhookEndpoint> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(WebhookEndpoint.class);
    }

    @Test
    void creatingRecordsTheSealedSecretAndFoldsDuplicateTypes() {
        fixture.givenNoPriorActivity()
                .when(new WebhookCommands.Create(ID, "org_a", "https://hooks.example.com/in",
                        List.of("key.revoked", "key.revoked"), "ops", "sealed-1"))
                .expectEvents(CREATED);
    }

    @Test
    void anUnknownTypeIsRefusedNamingIt() {
        fixture.givenNoPriorActivity()
                .when(new WebhookCommands.Create(ID, "org_a", "https://hooks.example.com/in",
                        List.of("key.revoked", "key.exploded"), null, "sealed-1"))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("events[1]: unknown event type 'key.exploded'"))
                .expectNoEvents();
    }

    @Test
    void aNonHttpUrlIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new WebhookCommands.Create(ID, "org_a", "ftp://hooks.example.com/in", List.of("*"), null, "s"))
                .expectException(InvalidFieldException.class)
                .expectNoEvents();
    }

    @Test
    void anUpdateCarriesEveryNewValueAndAnUnchangedOneWritesNothing() {
        fixture.given(CREATED)
                .when(new WebhookCommands.Update(ID, "org_a", Set.of("events", "enabled"), null, List.of("*"), null, false))
                .expectEvents(new WebhookEndpointUpdatedEvent(ID, "org_a", Set.of("events", "enabled"),
                        "https://hooks.example.com/in", List.of("*"), "ops", false));
        fixture.given(CREATED)
                .when(new WebhookCommands.Update(ID, "org_a", Set.of("description"), null, null, "ops", null))
                .expectNoEvents();
    }

    @Test
    void anotherOrganizationsEndpointIsUnknown() {
        fixture.given(CREATED)
                .when(new WebhookCommands.Delete(ID, "org_b"))
                .expectException(WebhookNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void rotationKeepsTheOverlapDeadline() {
        Instant until = Instant.parse("2030-01-02T00:00:00Z");
        fixture.given(CREATED)
                .when(new WebhookCommands.RotateSecret(ID, null, "sealed-2", until))
                .expectEvents(new WebhookSecretRotatedEvent(ID, "org_a", "sealed-2", until));
    }

    @Test
    void aDeletedEndpointTakesNoMoreCommands() {
        fixture.given(CREATED, new WebhookEndpointDeletedEvent(ID, "org_a"))
                .when(new WebhookCommands.RequestTest(ID, "org_a"))
                .expectException(org.axonframework.eventsourcing.AggregateDeletedException.class);
    }

    @Test
    void failuresDisableAnEnabledEndpointOnceAndATestNeedsItEnabled() {
        Instant since = Instant.parse("2030-01-01T00:00:00Z");
        fixture.given(CREATED)
                .when(new WebhookCommands.DisableFailing(ID, since))
                .expectEvents(new WebhookEndpointDisabledEvent(ID, "org_a", since));
        fixture.given(CREATED, new WebhookEndpointDisabledEvent(ID, "org_a", since))
                .when(new WebhookCommands.DisableFailing(ID, since))
                .expectNoEvents();
        fixture.given(CREATED, new WebhookEndpointDisabledEvent(ID, "org_a", since))
                .when(new WebhookCommands.RequestTest(ID, "org_a"))
                .expectException(WebhookNotDeliverableException.class);
        fixture.given(CREATED)
                .when(new WebhookCommands.RequestTest(ID, "org_a"))
                .expectEvents(new WebhookTestRequestedEvent(ID, "org_a"));
    }
}
