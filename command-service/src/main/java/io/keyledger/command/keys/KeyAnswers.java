package io.keyledger.command.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/** Answer bodies of the key API that add something to the key record. */
final class KeyAnswers {

    private KeyAnswers() {
    }

    /** 201 to a create: the key record and, this once only, the key itself (absent for imports). */
    record Created(@JsonUnwrapped KeyState record, @JsonInclude(JsonInclude.Include.NON_NULL) String key) {
    }

    /** 200 to a rotation: the new secret, this once only. */
    record Rotated(String id, String key, String prefix, Instant previousKeyValidUntil, long version) {
    }
}
