package io.keyledger.command.organizations;

import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.Plan;
import io.keyledger.api.organizations.RegisterOrganizationCommand;
import io.keyledger.command.keys.InvalidFieldException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrganizationTest {

    private AggregateTestFixture<Organization> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Organization.class);
    }

    @Test
    void registeringRecordsNameAndPlan() {
        fixture.givenNoPriorActivity()
                .when(new RegisterOrganizationCommand("org_1", "Acme", Plan.PROFESSIONAL))
                .expectEvents(new OrganizationRegisteredEvent("org_1", "Acme", Plan.PROFESSIONAL));
    }

    @Test
    void planIsRequired() {
        fixture.givenNoPriorActivity()
                .when(new RegisterOrganizationCommand("org_1", "Acme", null))
                .expectException(InvalidFieldException.class)
                .expectExceptionMessage("plan: must be one of [free, professional, enterprise]");
    }

    @Test
    void nameFollowsTheNameRules() {
        fixture.givenNoPriorActivity()
                .when(new RegisterOrganizationCommand("org_1", "x".repeat(101), Plan.FREE))
                .expectException(InvalidFieldException.class)
                .expectNoEvents();
    }
}
