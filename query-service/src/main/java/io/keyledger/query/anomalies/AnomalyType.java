package io.keyledger.query.anomalies;

/** The rules' names as they appear in the {@code type} field. */
final class AnomalyType {

    static final String FAILURE_SPIKE = "failure_spike";
    static final String FAILURE_SPIKE_IP = "failure_spike_ip";
    static final String REVOKED_KEY_USED = "revoked_key_used";
    static final String DISABLED_KEY_USED = "disabled_key_used";
    static final String EXPIRED_KEY_USED = "expired_key_used";
    static final String NEW_NETWORK = "new_network";
    static final String RATE_LIMIT_STORM = "rate_limit_storm";
    static final String PERMISSION_PROBING = "permission_probing";
    static final String VOLUME_SPIKE = "volume_spike";
    /** From the event store, not the attempt stream: a leak report matched one of the key's working secrets. */
    static final String KEY_LEAKED = "key_leaked";

    /** Every type, for metrics (one series each from the start). */
    static final java.util.List<String> ALL = java.util.List.of(FAILURE_SPIKE, FAILURE_SPIKE_IP, REVOKED_KEY_USED,
            DISABLED_KEY_USED, EXPIRED_KEY_USED, NEW_NETWORK, RATE_LIMIT_STORM, PERMISSION_PROBING, VOLUME_SPIKE);

    private AnomalyType() {
    }
}
