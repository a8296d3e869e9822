package io.keyledger.command.keys;

import io.keyledger.api.organizations.OrganizationPolicy.LeakAction;

/**
 * What a confirmed leak does to a key of an organization: its policy's {@code on_leak}, read when
 * the report is handled, so the decision is recorded in the event it causes.
 */
public interface LeakPolicy {

    /** The organization's {@code on_leak}; {@link LeakAction#DISABLE} when it never set one. */
    LeakAction onLeak(String organizationId);
}
