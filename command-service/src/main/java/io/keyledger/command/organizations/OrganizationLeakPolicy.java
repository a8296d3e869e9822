package io.keyledger.command.organizations;

import io.keyledger.api.organizations.OrganizationPolicy;
import io.keyledger.api.organizations.OrganizationPolicy.LeakAction;
import io.keyledger.command.keys.LeakPolicy;
import org.springframework.stereotype.Component;

/** An organization's {@code on_leak}, as {@link OrganizationDirectory} reads it from the organization's events. */
@Component
class OrganizationLeakPolicy implements LeakPolicy {

    private final OrganizationDirectory organizations;

    OrganizationLeakPolicy(OrganizationDirectory organizations) {
        this.organizations = organizations;
    }

    @Override
    public LeakAction onLeak(String organizationId) {
        LeakAction action = organizations.policy(organizationId).onLeak();
        return action == null ? OrganizationPolicy.DEFAULT.onLeak() : action;
    }
}
