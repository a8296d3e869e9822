package io.keyledger.query.organizations;

import io.keyledger.support.auth.Caller;
import io.keyledger.support.web.NotFoundException;

/**
 * The one rule for {@code organization_id} on every query and audit call (API.md, "Authorization
 * rules"): without it, the caller's own organization; an {@code admin:*} caller may name any
 * organization the platform knows; any other caller naming another organization, and an admin
 * naming an unknown one, get 404 — the same answer as for a missing key, so nothing tells a
 * tenant which other organizations exist.
 */
public class OrganizationScope {

    private final Organizations organizations;

    public OrganizationScope(Organizations organizations) {
        this.organizations = organizations;
    }

    /** The organization the call reads; {@code requested} is the {@code organization_id} given, or {@code null}. */
    public String resolve(Caller caller, String requested) {
        if (requested == null || requested.isEmpty() || requested.equals(caller.organizationId())) {
            return caller.organizationId();
        }
        if (!caller.isAdmin() || !organizations.exists(requested)) {
            throw new NotFoundException("no organization " + requested);
        }
        return requested;
    }
}
