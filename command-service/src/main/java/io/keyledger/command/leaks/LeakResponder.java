package io.keyledger.command.leaks;

import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ReportApiKeyLeakCommand;
import io.keyledger.command.secrets.SecretRegistry;
import io.keyledger.command.web.Commands;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Resolves a report's keys and hands each match to its key. In the request: every key string is
 * hashed, and the hashes of the well-formed ones are looked up in {@code used_secret} in one query
 * ({@link SecretRegistry#holders}, the lookup the command side uses for uniqueness) — the same work
 * for known and unknown keys. After the answer: each match is dispatched as a
 * {@link ReportApiKeyLeakCommand} on one background thread, so the time of the answer does not
 * depend on what the key's organization does about it. Matches wait in a bounded queue
 * ({@code keyledger.leaks.queue-capacity}); past it they are dropped and counted in the log, and
 * a restart loses what waits (the reporter's next report finds the key again).
 */
class LeakResponder implements DisposableBean {

    /** The actor of a report's events: no key made the call. */
    static final String ACTOR = "leak-report";

    private static final Logger log = LoggerFactory.getLogger(LeakResponder.class);

    private final SecretRegistry secrets;
    private final CommandGateway gateway;
    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();

    LeakResponder(SecretRegistry secrets, CommandGateway gateway, int queueCapacity) {
        this.secrets = secrets;
        this.gateway = gateway;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity),
                runnable -> {
                    Thread thread = new Thread(runnable, "leak-responder");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Looks the report's keys up now and acts on the matches after the answer. */
    void respond(LeakReport report, HttpServletRequest request) {
        java.util.Set<String> hashes = new java.util.LinkedHashSet<>();
        for (String key : report.keys()) {
            // every string is hashed, well-formed or not, so the work does not depend on what was sent
            String hash = ApiKeyFormat.sha256Hex(key);
            if (ApiKeyFormat.classify(key) != ApiKeyFormat.Kind.MALFORMED) {
                hashes.add(hash);
            }
        }
        Map<String, String> holders = secrets.holders(hashes);
        List<CommandMessage<?>> commands = new ArrayList<>(holders.size());
        holders.forEach((hash, keyId) -> commands.add(Commands.message(
                new ReportApiKeyLeakCommand(keyId, hash, report.sourceUrl(), report.reporter()), ACTOR, request)));
        for (CommandMessage<?> command : commands) {
            try {
                executor.execute(() -> dispatch(command));
            } catch (RejectedExecutionException full) {
                log.warn("leak responder queue full: a matched leak report was dropped ({} so far)",
                        dropped.incrementAndGet());
            }
        }
    }

    private void dispatch(CommandMessage<?> command) {
        String keyId = ((ReportApiKeyLeakCommand) command.getPayload()).keyId();
        try {
            gateway.sendAndWait(command);
        } catch (RuntimeException e) {
            // the key id, never the secret; the cause's class only (its message may quote input)
            log.warn("a leak report for key {} could not be applied: {}", keyId, e.getClass().getSimpleName());
        }
    }

    /** Matches waiting to be acted on (tests wait for zero). */
    int pending() {
        return executor.getQueue().size() + executor.getActiveCount();
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("{} leak reports were not applied before shutdown", executor.shutdownNow().size());
        }
    }
}
