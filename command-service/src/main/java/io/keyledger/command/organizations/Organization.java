package io.keyledger.command.organizations;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.Plan;
import io.keyledger.api.organizations.RegisterOrganizationCommand;
import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.command.keys.KeyRules;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A tenant: every key belongs to one, and its plan supplies the keys' default rate limits. */
@Aggregate
class Organization {

    @AggregateIdentifier
    private String organizationId;
    private Plan plan;

    protected Organization() {
        // for Axon: rebuilt from its events
    }

    @CommandHandler
    Organization(RegisterOrganizationCommand command) {
        String name;
        try {
            name = KeyRules.name(command.name());
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException("name", e.reason());
        }
        if (command.plan() == null) {
            throw new InvalidFieldException("plan", "must be one of [free, professional, enterprise]");
        }
        apply(new OrganizationRegisteredEvent(command.organizationId(), name, command.plan()));
    }

    @EventSourcingHandler
    void on(OrganizationRegisteredEvent event) {
        organizationId = event.organizationId();
        plan = event.plan();
    }
}
