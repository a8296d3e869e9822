package io.keyledger.local;

import io.keyledger.local.config.Service;
import io.keyledger.local.config.StackConfig;
import io.keyledger.local.guard.DataDirLock;
import io.keyledger.local.infra.LocalInfrastructure;
import io.keyledger.local.services.ServiceProcess;
import io.keyledger.local.services.ServiceSupervisor;
import sun.misc.Signal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A running local stack, from the first server to the last stop. Stopping may be asked
 * for at any moment (Ctrl-C during startup included) from a signal: {@link #stop()} stops
 * whatever has started and the startup path gives up quietly.
 */
final class LocalStack {

    /** Services get this long after SIGTERM before they are killed. */
    static final Duration SERVICE_GRACE = Duration.ofSeconds(10);
    /** Past this, a stop that hangs is cut short: 10 s for the services, 4 s for the servers, margin. */
    static final Duration STOP_WATCHDOG = Duration.ofSeconds(20);

    private final StackConfig config;
    private final DataDirLock lock;
    private final PrintStream out;
    private final PrintStream err;
    private final long startedAt;
    private final LocalInfrastructure infra;
    private final ServiceSupervisor supervisor;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private boolean stopDone;

    LocalStack(StackConfig config, DataDirLock lock, PrintStream out, PrintStream err, long startedAt) {
        this.config = config;
        this.lock = lock;
        this.out = out;
        this.err = err;
        this.startedAt = startedAt;
        this.infra = new LocalInfrastructure(config.infra());
        this.supervisor = new ServiceSupervisor(config, out::println);
    }

    /** Starts everything, waits until stopped; returns the exit code. */
    int run() throws InterruptedException {
        installStopHandlers();
        out.println("keyledger: data dir " + config.infra().dataDir());
        try {
            infra.start(out::println);
        } catch (LocalInfrastructure.InfraStartException e) {
            return failed("keyledger: " + e.getMessage(), List.of());
        }

        try {
            Set<Service> rest = EnumSet.noneOf(Service.class);
            rest.addAll(config.services());
            long deadline = startedAt + config.readyTimeout().toNanos();
            if (rest.remove(Service.COMMAND)) {
                supervisor.startAndAwait(List.of(Service.COMMAND), deadline);
                if (rest.contains(Service.VALIDATOR)) {
                    // the validators lease credits with a key of their own (credits:lease), made once
                    io.keyledger.local.services.ValidatorServiceKey.ensure(config).ifPresent(out::println);
                }
            }
            if (!rest.isEmpty()) {
                supervisor.startAndAwait(rest, deadline);
            }
        } catch (ServiceSupervisor.StoppedException e) {
            stopped.await();
            return 0;
        } catch (ServiceSupervisor.ServiceFailedException e) {
            List<String> tail = e.logTail();
            return failed("keyledger: " + e.getMessage() + "; last " + tail.size() + " lines of "
                    + e.process().logFile() + ":", tail);
        } catch (java.io.IOException e) {
            return failed("keyledger: cannot start a service: " + e.getMessage(), List.of());
        }

        if (stopRequested) {
            stopped.await();
            return 0;
        }
        narrowDataDir();
        out.print(Banner.render(config, (System.nanoTime() - startedAt) / 1e9));
        out.flush();
        watchServices();
        stopped.await();
        return 0;
    }

    /** The services' logs and files, created after the infrastructure's, become owner-only too. */
    private void narrowDataDir() {
        try {
            io.keyledger.local.infra.LocalSecrets.narrowTree(config.infra().dataDir());
        } catch (java.io.IOException e) {
            err.println("keyledger: cannot narrow " + config.infra().dataDir() + " to its owner: " + e.getMessage());
        }
    }

    private int failed(String message, List<String> details) throws InterruptedException {
        if (stopRequested) {
            // a service that died from our own Ctrl-C is not a failure
            stopped.await();
            return 0;
        }
        err.println(message);
        details.forEach(line -> err.println("    " + line));
        stop();
        return UpCommand.EXIT_FAILURE;
    }

    /** After readiness a service that exits is reported; the rest keeps running. */
    private void watchServices() {
        for (ServiceProcess process : supervisor.processes()) {
            ProcessHandle.of(process.pid()).ifPresent(handle -> handle.onExit().thenRun(() -> {
                if (!stopRequested && !supervisor.isStopping()) {
                    err.println("keyledger: " + process.name() + " exited with code " + exitCode(process)
                            + " (log " + process.logFile() + "); the rest keeps running");
                }
            }));
        }
    }

    private static String exitCode(ServiceProcess process) {
        try {
            return String.valueOf(process.exitCode());
        } catch (IllegalThreadStateException e) {
            return "?";
        }
    }

    /**
     * SIGINT and SIGTERM stop the stack and exit 0 (instead of the JVM's 130/143); the
     * shutdown hook covers every other way out (SIGHUP, System.exit on a failure).
     */
    private void installStopHandlers() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (stopRequested) {
                        return;
                    }
                    stopRequested = true;
                    Thread stopper = new Thread(() -> {
                        stop();
                        System.exit(0);
                    }, "keyledger-stop");
                    stopper.start();
                });
            } catch (IllegalArgumentException unsupported) {
                // the platform does not know this signal; the shutdown hook still applies
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "keyledger-shutdown"));
    }

    /** Stops services, then servers, then releases the data directory. Idempotent. */
    synchronized void stop() {
        if (stopDone) {
            return;
        }
        stopDone = true;
        stopRequested = true;
        startWatchdog();
        long t0 = System.nanoTime();
        out.println();
        out.println("keyledger: stopping");
        List<String> killed = supervisor.stop(SERVICE_GRACE);
        if (!killed.isEmpty()) {
            out.println("keyledger: killed " + String.join(", ", killed) + " (still running "
                    + SERVICE_GRACE.toSeconds() + " s after SIGTERM)");
        }
        infra.close();
        lock.close();
        out.printf("keyledger: stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
        stopped.countDown();
    }

    private static void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(STOP_WATCHDOG.toMillis());
                System.err.println("keyledger: stop takes longer than " + STOP_WATCHDOG.toSeconds() + " s; halting");
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException ignored) {
                // process ends first
            }
        }, "keyledger-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
