package io.keyledger.command.keys;

import java.time.Instant;

/**
 * What a rotation changed, without the new secret (the controller that generated it adds it).
 *
 * @param previousKeyValidUntil end of the grace period, {@code null} when the previous secret stopped at once
 */
public record RotationResult(String id, String prefix, Instant previousKeyValidUntil, long version) {
}
