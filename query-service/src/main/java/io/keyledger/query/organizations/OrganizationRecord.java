package io.keyledger.query.organizations;

import io.keyledger.api.organizations.OrganizationPolicy;
import io.keyledger.api.organizations.Plan;
import java.time.Instant;

/** The API's view of an organization: {@code GET /v1/organizations} and {@code /v1/organizations/{id}}. */
record OrganizationRecord(String id, String name, Plan plan, OrganizationPolicy policy, Instant createdAt,
                          Instant updatedAt, long version) {
}
