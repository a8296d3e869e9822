package io.keyledger.query.insights;

import java.nio.ByteBuffer;

/**
 * One counter of a key's day: how many attempts, how many of them passed (for a permission: passed the
 * permission check; for a network or a user agent: were allowed), and the first and last of them. 32
 * bytes in the store, whatever is counted.
 */
record Tally(long requests, long passed, long firstMillis, long lastMillis) {

    static final int BYTES = 32;

    static Tally first(long atMillis, boolean passed) {
        return new Tally(1, passed ? 1 : 0, atMillis, atMillis);
    }

    Tally add(long atMillis, boolean passedToo) {
        return new Tally(requests + 1, passed + (passedToo ? 1 : 0), Math.min(firstMillis, atMillis),
                Math.max(lastMillis, atMillis));
    }

    Tally merge(Tally other) {
        return other == null ? this : new Tally(requests + other.requests, passed + other.passed,
                Math.min(firstMillis, other.firstMillis), Math.max(lastMillis, other.lastMillis));
    }

    byte[] encode() {
        return ByteBuffer.allocate(BYTES).putLong(requests).putLong(passed).putLong(firstMillis).putLong(lastMillis)
                .array();
    }

    static Tally decode(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new Tally(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }
}
