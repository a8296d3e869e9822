package io.keyledger.query.projections;

import java.util.List;

/** Names of the query-service's projections: processing group = processor = rebuild name. */
public final class Projections {

    public static final String KEYS = "keys-read-model";
    public static final String ORGANIZATIONS = "organizations-read-model";
    public static final List<String> ALL = List.of(KEYS, ORGANIZATIONS);

    private Projections() {
    }
}
