package io.keyledger.command.organizations;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.keyledger.api.keys.Permissions;
import io.keyledger.api.organizations.OrganizationPolicy;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.OrganizationUpdatedEvent;
import io.keyledger.api.organizations.UpdateOrganizationCommand;
import io.keyledger.api.organizations.Plan;
import io.keyledger.api.organizations.RegisterOrganizationCommand;
import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.command.keys.KeyRules;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A tenant: every key belongs to one, and its plan supplies the keys' default rate limits. */
@Aggregate
class Organization {

    @AggregateIdentifier
    private String organizationId;
    private String name;
    private Plan plan;
    private OrganizationPolicy policy = OrganizationPolicy.DEFAULT;

    /** The organization after a change, as PATCH answers it. */
    public record State(String id, String name, Plan plan, OrganizationPolicy policy) {
    }

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

    @CommandHandler
    State handle(UpdateOrganizationCommand command) {
        Set<String> fields = command.fields() == null ? Set.of() : command.fields();
        String newName = name;
        if (fields.contains("name")) {
            try {
                newName = KeyRules.name(command.name());
            } catch (InvalidFieldException e) {
                throw new InvalidFieldException("name", e.reason());
            }
        }
        Plan newPlan = plan;
        if (fields.contains("plan")) {
            if (command.plan() == null) {
                throw new InvalidFieldException("plan", "must be one of [free, professional, enterprise]");
            }
            newPlan = command.plan();
        }
        Integer lifetime = policy.maxKeyLifetimeDays();
        if (fields.contains("policy.max_key_lifetime_days")) {
            lifetime = command.maxKeyLifetimeDays();
            if (lifetime != null && (lifetime < 1 || lifetime > MAX_KEY_LIFETIME_DAYS)) {
                throw new InvalidFieldException("policy.max_key_lifetime_days", "must be between 1 and "
                        + MAX_KEY_LIFETIME_DAYS + ", or null for no limit");
            }
        }
        List<String> approval = policy.approvalRequiredFor();
        if (fields.contains("policy.approval_required_for")) {
            approval = approvalPatterns(command.approvalRequiredFor());
        }
        OrganizationPolicy.LeakAction onLeak = policy.onLeak();
        if (fields.contains("policy.on_leak")) {
            onLeak = command.onLeak() == null ? OrganizationPolicy.DEFAULT.onLeak() : command.onLeak();
        }
        OrganizationPolicy newPolicy = new OrganizationPolicy(lifetime, approval, onLeak);
        if (!Objects.equals(newName, name) || newPlan != plan || !newPolicy.equals(policy)) {
            apply(new OrganizationUpdatedEvent(organizationId, newName, newPlan, newPolicy));
        }
        return new State(organizationId, name, plan, policy);
    }

    static final int MAX_KEY_LIFETIME_DAYS = 36_500;
    private static final int MAX_APPROVAL_PATTERNS = 100;

    private static List<String> approvalPatterns(List<String> patterns) {
        if (patterns == null) {
            return List.of();
        }
        if (patterns.size() > MAX_APPROVAL_PATTERNS) {
            throw new InvalidFieldException("policy.approval_required_for", "at most " + MAX_APPROVAL_PATTERNS + " patterns");
        }
        for (int i = 0; i < patterns.size(); i++) {
            if (!Permissions.isValid(patterns.get(i))) {
                throw new InvalidFieldException("policy.approval_required_for[" + i + "]",
                        "must be a permission pattern like 'billing:*'");
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(patterns));
    }

    @EventSourcingHandler
    void on(OrganizationRegisteredEvent event) {
        organizationId = event.organizationId();
        name = event.name();
        plan = event.plan();
    }

    @EventSourcingHandler
    void on(OrganizationUpdatedEvent event) {
        name = event.name();
        plan = event.plan();
        policy = event.policy() == null ? OrganizationPolicy.DEFAULT : event.policy();
    }
}
