package io.keyledger.local.services;

import io.keyledger.local.config.Service;
import io.keyledger.local.config.StackConfig;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Starts the services as child processes, waits for their readiness and stops them.
 * {@link #stop(Duration)} may run on another thread (a signal) while a start is in
 * progress: a process is either registered before the stop and gets stopped with the
 * others, or never started.
 */
public final class ServiceSupervisor {

    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    static final int TAIL_LINES = 30;

    private final StackConfig config;
    private final Consumer<String> progress;
    private final ReadinessProbe probe = new ReadinessProbe();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private volatile boolean stopping;

    public ServiceSupervisor(StackConfig config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    /**
     * Starts {@code group} side by side and returns when every one of them answers 200 on
     * its readiness endpoint.
     *
     * @param deadline {@link System#nanoTime()} by which all must be ready
     * @throws ServiceFailedException when one exits or the deadline passes first
     * @throws StoppedException       when {@link #stop(Duration)} was called meanwhile
     */
    public void startAndAwait(Collection<Service> group, long deadline)
            throws ServiceFailedException, StoppedException, IOException {
        List<ServiceProcess> pending = new ArrayList<>();
        for (Service service : group) {
            for (int instance = 1; instance <= config.instancesOf(service); instance++) {
                ServiceProcess process;
                synchronized (this) {
                    if (stopping) {
                        throw new StoppedException();
                    }
                    process = ServiceProcess.start(config, service, instance);
                    processes.add(process);
                    pending.add(process);
                    LeftoverServices.record(runDir(), processes);
                }
                progress.accept("starting " + service.artifact() + (instance > 1 ? " #" + instance : "") + " on :"
                        + process.port() + " (log " + process.logFile() + ")");
            }
        }
        while (!pending.isEmpty()) {
            for (var it = pending.iterator(); it.hasNext(); ) {
                ServiceProcess process = it.next();
                if (stopping) {
                    throw new StoppedException();
                }
                if (!process.isAlive()) {
                    throw new ServiceFailedException(process.name() + " exited with code " + process.exitCode()
                            + " before it was ready", process);
                }
                if (probe.isReady(process.managementPort())) {
                    progress.accept(String.format("%s ready on :%d (%.1f s)", process.name(), process.port(),
                            process.uptimeSeconds()));
                    it.remove();
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                ServiceProcess first = pending.get(0);
                throw new ServiceFailedException(first.name() + " is not ready after "
                        + config.readyTimeout().toSeconds() + " s (timeout, " + StackConfig.READY_TIMEOUT + ")", first);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoppedException();
            }
        }
    }

    private java.nio.file.Path runDir() {
        return config.infra().dataDir().resolve(ServiceProcess.RUN_DIR);
    }

    public synchronized List<ServiceProcess> processes() {
        return List.copyOf(processes);
    }

    /** True once {@link #stop(Duration)} has begun: exits from then on are expected. */
    public boolean isStopping() {
        return stopping;
    }

    /**
     * SIGTERM to every service, up to {@code grace} for all of them to exit, then SIGKILL
     * for those still there. Returns the names of the services that had to be killed.
     */
    public List<String> stop(Duration grace) {
        List<ServiceProcess> running;
        synchronized (this) {
            stopping = true;
            running = List.copyOf(processes);
        }
        running.forEach(ServiceProcess::terminate);
        CompletableFuture<?>[] exits = running.stream().map(p -> p.process().onExit()).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // some did not make it; killed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // onExit futures do not fail
        }
        List<String> killed = new ArrayList<>();
        for (ServiceProcess process : running) {
            if (process.isAlive()) {
                killed.add(process.name());
                process.kill();
            }
        }
        if (!running.isEmpty()) {
            LeftoverServices.clear(runDir());
        }
        return killed;
    }

    /** A service exited or did not become ready; carries its log tail. */
    public static final class ServiceFailedException extends Exception {
        private final transient ServiceProcess process;

        ServiceFailedException(String message, ServiceProcess process) {
            super(message);
            this.process = process;
        }

        public ServiceProcess process() {
            return process;
        }

        public List<String> logTail() {
            return process.tail(TAIL_LINES);
        }
    }

    /** The stack is being stopped; not a failure. */
    public static final class StoppedException extends Exception {
        StoppedException() {
            super("stopped");
        }
    }
}
