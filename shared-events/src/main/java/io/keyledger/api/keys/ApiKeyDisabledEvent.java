package io.keyledger.api.keys;

/**
 * A key was switched off; it can be enabled again.
 *
 * @param keyId          the key
 * @param organizationId owning organization
 * @param reason         why: {@link DisabledReason#LEAKED} when a leak report disabled it; {@code null}
 *                       (in events written before there were reasons, and for a caller's own
 *                       {@code /disable}) means {@link DisabledReason#MANUAL}
 */
public record ApiKeyDisabledEvent(String keyId, String organizationId, DisabledReason reason) {

    /** A caller disabled the key ({@code POST /v1/api-keys/{id}/disable}). */
    public ApiKeyDisabledEvent(String keyId, String organizationId) {
        this(keyId, organizationId, null);
    }

    /** The reason, {@link DisabledReason#MANUAL} for events that do not say. */
    public DisabledReason disabledReason() {
        return reason == null ? DisabledReason.MANUAL : reason;
    }
}
