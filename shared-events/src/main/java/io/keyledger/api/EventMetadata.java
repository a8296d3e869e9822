package io.keyledger.api;

/**
 * Keys of the metadata every keyledger event carries (DESIGN.md §3). command-service puts them
 * on each command it dispatches and Axon copies them onto the events that command applies, so
 * the audit trail is the event stream plus this metadata.
 */
public final class EventMetadata {

    /** Who caused the event: the calling key's id, or {@value #SYSTEM_ACTOR} for bootstrap and schedules. */
    public static final String ACTOR = "actor";
    /** Correlates every event caused by one request (the {@code X-Correlation-Id} header, or generated). */
    public static final String CORRELATION_ID = "correlation_id";
    /** The address the request came from; absent on events caused by schedules. */
    public static final String CLIENT_IP = "client_ip";
    /** The {@code User-Agent} of the request; absent on events caused by schedules. */
    public static final String USER_AGENT = "user_agent";

    /** The actor of events no caller asked for: bootstrap, expiry, warnings, end of grace. */
    public static final String SYSTEM_ACTOR = "system";

    private EventMetadata() {
    }
}
