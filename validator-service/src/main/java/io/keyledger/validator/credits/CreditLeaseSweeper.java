package io.keyledger.validator.credits;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Every second: gives back leases past their usable time; at close, every lease (shutdown). */
final class CreditLeaseSweeper implements AutoCloseable {

    private final CreditBook book;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "credit-lease-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    CreditLeaseSweeper(CreditBook book, Clock clock) {
        this.book = book;
        this.clock = clock;
        timer.scheduleWithFixedDelay(() -> {
            try {
                book.giveBack(clock.millis(), false);
            } catch (RuntimeException e) {
                // next round
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        book.close();
        book.giveBack(clock.millis(), true);
    }
}
