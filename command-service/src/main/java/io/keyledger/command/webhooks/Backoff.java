package io.keyledger.command.webhooks;

import java.time.Duration;

/**
 * When a failed delivery is tried again: exponential ({@code initial · 2^(failures-1)}, capped at
 * {@code max}) with jitter — a uniform draw in the upper half of that step, so that the retries
 * of many deliveries that failed together (an endpoint's outage) do not arrive together.
 */
final class Backoff {

    private Backoff() {
    }

    /**
     * @param failures how many attempts failed so far (≥ 1)
     * @param random   a uniform draw from [0, 1)
     */
    static Duration delay(int failures, Duration initial, Duration max, double random) {
        long initialMillis = Math.max(1, initial.toMillis());
        long maxMillis = Math.max(initialMillis, max.toMillis());
        int doublings = Math.min(Math.max(0, failures - 1), 40);
        long step = initialMillis > (maxMillis >> doublings) ? maxMillis : Math.min(maxMillis, initialMillis << doublings);
        long jittered = step / 2 + (long) (random * (step - step / 2));
        return Duration.ofMillis(Math.max(1, jittered));
    }
}
