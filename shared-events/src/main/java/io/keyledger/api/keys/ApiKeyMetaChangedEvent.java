package io.keyledger.api.keys;

/**
 * A key's {@code meta} was set, changed or cleared: what the protected API learns about the caller
 * at verification (API.md, "Keys in depth"). Applied right after {@link ApiKeyCreatedEvent} when
 * a key is created with {@code meta}, and on a {@code PATCH} that changes it. The value is compact
 * JSON text of one object, at most {@value #MAX_BYTES} bytes of UTF-8, so every reader stores and
 * sends it as it is, without reading it again.
 *
 * @param keyId          the key
 * @param organizationId owning organization
 * @param meta           compact JSON text of an object, or {@code null} when cleared
 */
public record ApiKeyMetaChangedEvent(String keyId, String organizationId, String meta) {

    /** The largest {@code meta}, in bytes of its compact JSON text. */
    public static final int MAX_BYTES = 16 * 1024;
}
