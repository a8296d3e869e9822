package io.keyledger.api.organizations;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Register a new organization (admin only).
 *
 * @param organizationId id chosen by the command side ({@code default} for the bootstrap organization)
 * @param name           display name, 1–100 printable characters
 * @param plan           plan that supplies its keys' default rate limits
 */
public record RegisterOrganizationCommand(@TargetAggregateIdentifier String organizationId, String name, Plan plan) {
}
