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

    private static final io.keyledger.api.organizations.OrganizationRegisteredEvent REGISTERED =
            new io.keyledger.api.organizations.OrganizationRegisteredEvent("org_1", "acme", Plan.FREE);

    @Test
    void anUpdateCarriesTheWholeNewStateAndChangesOnlyTheNamedFields() {
        fixture.given(REGISTERED)
                .when(new io.keyledger.api.organizations.UpdateOrganizationCommand("org_1",
                        java.util.Set.of("plan", "policy.max_key_lifetime_days"), null, Plan.ENTERPRISE, 90, null, null))
                .expectEvents(new io.keyledger.api.organizations.OrganizationUpdatedEvent("org_1", "acme", Plan.ENTERPRISE,
                        new io.keyledger.api.organizations.OrganizationPolicy(90, java.util.List.of(),
                                io.keyledger.api.organizations.OrganizationPolicy.LeakAction.DISABLE)));
    }

    @Test
    void anUpdateThatChangesNothingWritesNothingAndABadLifetimeIsRefused() {
        fixture.given(REGISTERED)
                .when(new io.keyledger.api.organizations.UpdateOrganizationCommand("org_1",
                        java.util.Set.of("name"), "acme", null, null, null, null))
                .expectNoEvents();
        fixture.given(REGISTERED)
                .when(new io.keyledger.api.organizations.UpdateOrganizationCommand("org_1",
                        java.util.Set.of("policy.max_key_lifetime_days"), null, null, 40_000, null, null))
                .expectException(io.keyledger.command.keys.InvalidFieldException.class)
                .expectNoEvents();
    }
}
