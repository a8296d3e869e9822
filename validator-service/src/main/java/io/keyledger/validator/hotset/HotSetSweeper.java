package io.keyledger.validator.hotset;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the hot set's keys past their retention every {@code interval} on a thread of its own.
 * Only memory depends on it: a key past its retention answers NOT_FOUND from that moment
 * ({@link HotSet#forgotten}), swept or not.
 */
final class HotSetSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HotSetSweeper.class);

    private final ScheduledExecutorService executor;

    HotSetSweeper(HotSet hotSet, Duration interval) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hot-set-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(() -> {
            try {
                int freed = hotSet.sweep();
                if (freed > 0) {
                    log.info("Hot set: {} keys past their retention freed", freed);
                }
            } catch (RuntimeException e) {
                log.warn("Hot set: the sweep failed ({}); retrying in {}", e.getClass().getSimpleName(), interval);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
