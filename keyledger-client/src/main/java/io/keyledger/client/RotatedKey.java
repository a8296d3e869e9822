package io.keyledger.client;

import java.time.Instant;

/** The answer of a rotation: the new plaintext, and until when the old key still verifies. */
public record RotatedKey(String id, String key, String prefix, Instant previousKeyValidUntil) {

    @Override
    public String toString() {
        return "RotatedKey[id=" + id + ", prefix=" + prefix + ", previousKeyValidUntil=" + previousKeyValidUntil + ", key=(secret)]";
    }
}
