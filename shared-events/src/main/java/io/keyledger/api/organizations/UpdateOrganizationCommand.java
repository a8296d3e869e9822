package io.keyledger.api.organizations;

import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change an organization's name, plan or policy (admin only). Only the fields named in
 * {@code fields} change ({@code name}, {@code plan}, {@code policy.max_key_lifetime_days},
 * {@code policy.approval_required_for}, {@code policy.on_leak}); a named policy field that is
 * {@code null} goes back to its default.
 */
public record UpdateOrganizationCommand(@TargetAggregateIdentifier String organizationId,
                                        Set<String> fields,
                                        String name,
                                        Plan plan,
                                        Integer maxKeyLifetimeDays,
                                        List<String> approvalRequiredFor,
                                        OrganizationPolicy.LeakAction onLeak) {

    public static final Set<String> FIELDS = Set.of("name", "plan", "policy.max_key_lifetime_days",
            "policy.approval_required_for", "policy.on_leak");
}
