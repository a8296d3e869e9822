package io.keyledger.command.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Group commit of creating commands on the local (JDBC) event store: one thread handles the
 * creations waiting at that moment one after another inside <b>one</b> unit of work and database
 * transaction, and answers each only after that transaction committed.
 *
 * <p>Why: a create is one {@code INSERT} and one {@code COMMIT}, and the commit is the expensive
 * part: with {@code WRITE_DELAY=0} H2 writes a whole MVStore chunk (~38 KB) per commit, and
 * commits are serialized. Concurrent commits also commit out of order, which leaves gaps in
 * the global index that make every event store reader query with {@code OR globalIndex IN
 * (gaps)}, a full table scan in H2. One writer committing batches in order does neither.
 *
 * <p>Each command still runs through the command bus (interceptors, aggregate rules, metadata)
 * in its own unit of work, nested in the batch's: Axon hands a nested unit's events to its
 * parent when the nested one commits, so the batch's events are appended together when the
 * batch commits, and event store readers are woken once, after that commit. A rejected command
 * (its handler throws before {@code apply}) rolls back its own unit only, which hands nothing
 * on, so it leaves its batch-mates alone; its transaction joined the batch's, and Axon's
 * {@code SpringTransactionManager} neither commits nor rolls back a transaction it joined.
 * Only creations of new aggregates with fresh ids come here: they cannot conflict with one
 * another, except imports, which may bring the same secret twice. So a creation may name an
 * <em>exclusive</em> value (an imported secret's hash) and a <em>check</em>: a second creation
 * naming a value already in the batch waits for the next batch, and the check runs in the
 * batch's transaction before the command is handled, where it sees what earlier batches
 * committed — the second import of a secret is refused alone (409), never by failing its batch
 * at commit. When the batch fails to append or commit, every command of it that had succeeded
 * gets that failure: nothing of the batch was stored, so no 201 was given for it.
 *
 * <p>With Axon Server the events are not in this database; commands go straight to the bus.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
class GroupCommit implements DisposableBean {

    /** Bounds a transaction's size (and so a batch's latency); 16 clients rarely queue more than 16. */
    private static final int MAX_BATCH = 64;
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final CommandGateway gateway;
    private final TransactionManager transactionManager;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;

    GroupCommit(CommandGateway gateway, TransactionManager transactionManager) {
        this.gateway = gateway;
        this.transactionManager = transactionManager;
        this.writer = new Thread(this::run, "group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    /** Handles {@code command} in the next batch and answers its result once the batch committed. */
    <R> R send(CommandMessage<?> command) {
        return send(command, null, null);
    }

    /**
     * Like {@link #send(CommandMessage)}; a creation naming {@code exclusive} never shares a batch
     * with another naming the same value, and {@code check} (may throw to refuse the command
     * alone) runs in the batch's transaction right before the command is handled.
     */
    <R> R send(CommandMessage<?> command, String exclusive, Runnable check) {
        Pending pending = new Pending(command, exclusive, check);
        queue.add(pending);
        return pending.await();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        List<Pending> deferred = new ArrayList<>();
        Set<String> exclusives = new HashSet<>();
        try {
            while (true) {
                List<Pending> candidates = new ArrayList<>(deferred);
                deferred.clear();
                if (candidates.isEmpty()) {
                    candidates.add(queue.take());
                }
                queue.drainTo(candidates, MAX_BATCH - candidates.size());
                for (Pending pending : candidates) {
                    if (pending.exclusive == null || exclusives.add(pending.exclusive)) {
                        batch.add(pending);
                    } else {
                        deferred.add(pending); // the same secret twice: the later one goes after this batch's commit
                    }
                }
                try {
                    commit(batch);
                } catch (RuntimeException | Error e) {
                    // the batch was answered; the writer must outlive it, or every later creation would wait forever
                    log.error("group commit: a batch failed beyond its rollback", e);
                }
                batch.clear();
                exclusives.clear();
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void commit(List<Pending> batch) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            unitOfWork.attachTransaction(transactionManager);
            batch.forEach(this::handle);
            // appends the batch's events, then commits; rolls back by itself when either fails
            unitOfWork.commit();
        } catch (RuntimeException | Error e) {
            try {
                if (unitOfWork.isActive()) {
                    unitOfWork.rollback(e);
                }
            } finally {
                fail(batch, e);
            }
            return;
        }
        batch.forEach(Pending::answer);
    }

    private static void fail(List<Pending> batch, Throwable failure) {
        batch.forEach(pending -> {
            pending.failIfHandled(failure);
            pending.answer();
        });
    }

    private void handle(Pending pending) {
        try {
            if (pending.check != null) {
                pending.check.run();
            }
            pending.result = gateway.sendAndWait(pending.command);
        } catch (RuntimeException rejected) {
            pending.failure = rejected;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        writer.interrupt();
        writer.join();
        // the web server stopped (gracefully) before this bean: nothing should be waiting, but nobody waits forever
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(pending -> {
            pending.failure = new IllegalStateException("command-service is shutting down");
            pending.answer();
        });
    }

    private static final class Pending {
        private final CommandMessage<?> command;
        private final String exclusive;
        private final Runnable check;
        private final CountDownLatch answered = new CountDownLatch(1);
        private Object result;
        private Throwable failure;

        Pending(CommandMessage<?> command, String exclusive, Runnable check) {
            this.command = command;
            this.exclusive = exclusive;
            this.check = check;
        }

        void failIfHandled(Throwable commitFailure) {
            if (failure == null) {
                result = null;
                failure = commitFailure;
            }
        }

        /** The latch orders the writer's writes of {@code result} and {@code failure} before the waiter's reads. */
        void answer() {
            answered.countDown();
        }

        @SuppressWarnings("unchecked")
        <R> R await() {
            try {
                answered.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the commit", e);
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return (R) result;
        }
    }
}
