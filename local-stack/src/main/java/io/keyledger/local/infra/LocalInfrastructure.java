package io.keyledger.local.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The event store (H2 over TCP), the Kafka broker (KRaft) and the MongoDB-wire server,
 * all in this JVM, all keeping their data under {@link InfraSettings#dataDir()}.
 *
 * <p>Used by the {@code up} command and usable as is from tests that need real
 * infrastructure without Docker:
 * <pre>{@code
 * try (LocalInfrastructure infra = LocalInfrastructure.start(settings, System.out::println)) {
 *     // jdbc:h2:tcp://localhost:<port>/keyledger, localhost:<port>, mongodb://localhost:<port>/keyledger
 * }
 * }</pre>
 */
public final class LocalInfrastructure implements AutoCloseable {

    /** Each server gets this long to stop; they stop side by side. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(4);

    private final InfraSettings settings;
    private final List<InfraComponent> started = new ArrayList<>();

    private boolean closed;

    /** Not started yet: see {@link #start(Consumer)}. */
    public LocalInfrastructure(InfraSettings settings) {
        this.settings = settings;
    }

    /** Creates and {@linkplain #start(Consumer) starts} the infrastructure. */
    public static LocalInfrastructure start(InfraSettings settings, Consumer<String> progress) throws InfraStartException {
        LocalInfrastructure infra = new LocalInfrastructure(settings);
        infra.start(progress);
        return infra;
    }

    /**
     * Starts the three servers one after the other and returns when all accept clients.
     * If one fails, those already started are stopped before the failure is thrown.
     * {@link #close()} may be called from another thread meanwhile (Ctrl-C during startup):
     * what has started is stopped and nothing more starts.
     *
     * @param progress receives one line per server, e.g. {@code kafka ready on :9092 (1.9 s)}
     */
    public void start(Consumer<String> progress) throws InfraStartException {
        for (InfraComponent component : List.of(
                settings.postgres() ? new PostgresEventStore(settings) : new EventStoreServer(settings),
                new KafkaBroker(settings), new MongoWireServer(settings))) {
            synchronized (this) {
                if (closed) {
                    throw new InfraStartException("stopped while starting", null);
                }
                started.add(component);
            }
            long t0 = System.nanoTime();
            try {
                component.start();
            } catch (Exception e) {
                close();
                throw new InfraStartException(component.name() + " failed to start on :" + component.port()
                        + ": " + rootMessage(e), e);
            }
            progress.accept(String.format("%s ready on :%d (%.1f s)", component.name(), component.port(),
                    (System.nanoTime() - t0) / 1e9));
        }
        try {
            LocalSecrets.narrowTree(settings.dataDir());
        } catch (java.io.IOException e) {
            close();
            throw new InfraStartException("cannot narrow " + settings.dataDir() + " to its owner: " + rootMessage(e), e);
        }
    }

    public InfraSettings settings() {
        return settings;
    }

    /** Stops every server, side by side, each within {@link #STOP_TIMEOUT}. Idempotent. */
    @Override
    public void close() {
        List<InfraComponent> toStop;
        synchronized (this) {
            closed = true;
            toStop = new ArrayList<>(started);
            started.clear();
        }
        // reverse start order: Mongo, Kafka, then the event store
        Collections.reverse(toStop);
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (InfraComponent component : toStop) {
            stops.add(CompletableFuture.runAsync(() -> {
                try {
                    component.stop();
                } catch (Exception e) {
                    throw new IllegalStateException(component.name() + ": " + e.getMessage(), e);
                }
            }, runnable -> {
                Thread t = new Thread(runnable, "stop-" + component.name());
                t.setDaemon(true);
                t.start();
            }));
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (CompletableFuture<Void> stop : stops) {
            try {
                stop.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // a server that does not stop in time is abandoned: the process is on its way out
                // and the data on disk is consistent up to the last commit/flush
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    /** A server of the infrastructure could not start; the message says which and why. */
    public static final class InfraStartException extends Exception {
        InfraStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
