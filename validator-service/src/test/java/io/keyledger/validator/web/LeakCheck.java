package io.keyledger.validator.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Netty's leak detector at PARANOID (every buffer tracked), its reports captured from its logger.
 * {@link #reports()} forces collections and then allocates, since the detector only looks for
 * collected, unreleased buffers when a new one is tracked.
 */
final class LeakCheck implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();

    LeakCheck() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        appender.start();
        logger.addAppender(appender);
    }

    /** The leak reports so far (after a few collections). */
    List<String> reports() {
        for (int i = 0; i < 5; i++) {
            System.gc();
            for (ByteBufAllocator allocator : List.of(PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT,
                    ByteBufAllocator.DEFAULT)) {
                allocator.buffer(1).release();
                allocator.directBuffer(1).release();
            }
        }
        return appender.list.stream().filter(e -> e.getFormattedMessage().contains("LEAK"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Forgets the reports so far (after a test that leaks on purpose). */
    void clear() {
        appender.list.clear();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        ResourceLeakDetector.setLevel(before);
    }
}
