package io.keyledger.api.organizations;

/**
 * An organization's name, plan or policy changed (admin only). Carries the whole new state, so a
 * projection needs no earlier event to apply it.
 *
 * @param organizationId the organization's id
 * @param name           display name after the change
 * @param plan           plan after the change
 * @param policy         policy after the change, never {@code null}
 */
public record OrganizationUpdatedEvent(String organizationId, String name, Plan plan, OrganizationPolicy policy) {
}
