package io.keyledger.api.organizations;

/**
 * An organization was registered. Every key belongs to exactly one organization.
 *
 * @param organizationId the organization's id ({@code default} for the bootstrap organization)
 * @param name           display name
 * @param plan           plan that supplies default rate limits
 */
public record OrganizationRegisteredEvent(String organizationId, String name, Plan plan) {
}
