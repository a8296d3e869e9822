package io.keyledger.query.projections;

import java.util.List;

/** Names of the query-service's projections: processing group = processor = rebuild name. */
public final class Projections {

    public static final String KEYS = "keys-read-model";
    public static final String ORGANIZATIONS = "organizations-read-model";
    /** Which keys had events on which UTC day, per organization: what the audit export reads. */
    public static final String AUDIT_INDEX = "audit-index";
    public static final List<String> ALL = List.of(KEYS, ORGANIZATIONS, AUDIT_INDEX);

    private Projections() {
    }
}
