package io.keyledger.api.keys;

/** Whether a key works against live data or a test sandbox; it shows in the key's prefix. */
public enum Environment {
    LIVE, TEST;

    /** The token used in the key prefix ({@code kl_live_}, {@code kl_test_}). */
    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
