package io.keyledger.query.organizations;

import io.keyledger.api.organizations.Plan;
import io.keyledger.query.usage.UsageQueries;
import java.time.Instant;
import java.util.Map;

/**
 * A dashboard's overview of one organization: its keys by status and its traffic in a period.
 *
 * @param keys     number of keys per status ({@code active}, {@code disabled}, …) and {@code total}
 * @param requests requests, allowed, denied and denials by code over {@code [from, to)}, in whole UTC days
 */
record OrganizationSummary(String organizationId,
                           String name,
                           Plan plan,
                           Map<String, Long> keys,
                           Instant from,
                           Instant to,
                           UsageQueries.Point requests) {
}
