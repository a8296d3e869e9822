package io.keyledger.api.organizations;

import java.util.List;

/**
 * An organization's rules for its keys.
 *
 * @param maxKeyLifetimeDays   longest a key may live from the moment its {@code expires_at} is set,
 *                             {@code null} for no limit
 * @param approvalRequiredFor  permission patterns whose request needs an approver (empty: none)
 * @param onLeak               what a confirmed leak report does to the key
 */
public record OrganizationPolicy(Integer maxKeyLifetimeDays, List<String> approvalRequiredFor, LeakAction onLeak) {

    /** The policy of an organization that never set one. */
    public static final OrganizationPolicy DEFAULT = new OrganizationPolicy(null, List.of(), LeakAction.DISABLE);

    /** What a confirmed leak report does to a key. */
    public enum LeakAction { DISABLE, REVOKE, NOTIFY }
}
