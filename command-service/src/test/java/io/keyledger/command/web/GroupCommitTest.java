package io.keyledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.transaction.TransactionSystemException;

/**
 * The batching itself, with a stub command bus and transaction manager: the first command is
 * held in its handler until the others wait in the queue, so they form the second batch.
 * (The real bus and database run under it in every web test that creates a key.)
 */
class GroupCommitTest {

    private final CountDownLatch othersQueued = new CountDownLatch(1);
    private final CommandGateway gateway = mock(CommandGateway.class);
    private final Transactions transactions = new Transactions();
    private final ExecutorService senders = Executors.newFixedThreadPool(5);
    private GroupCommit groupCommit;
    private Function<String, Object> sender = payload -> groupCommit.send(command(payload));

    GroupCommitTest() {
        when(gateway.sendAndWait(any(CommandMessage.class))).thenAnswer(invocation -> {
            String payload = invocation.<CommandMessage<String>>getArgument(0).getPayload();
            if (payload.equals("first")) {
                othersQueued.await();
            }
            if (payload.startsWith("rejected")) {
                throw new IllegalArgumentException(payload);
            }
            return "done " + payload;
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        senders.shutdownNow();
        groupCommit.destroy();
    }

    @Test
    void commandsWaitingTogetherCommitTogetherAndARejectionStaysItsOwn() throws Exception {
        groupCommit = new GroupCommit(gateway, transactions);
        List<Future<Object>> answers = sendFirstThen("second", "rejected third", "fourth");

        assertThat(answers.get(0).get()).isEqualTo("done first");
        assertThat(answers.get(1).get()).isEqualTo("done second");
        assertThat(answers.get(3).get()).isEqualTo("done fourth");
        assertThatThrownBy(() -> answers.get(2).get()).cause()
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rejected third");
        assertThat(transactions.commits).hasValue(2);
        assertThat(transactions.rollbacks).hasValue(0);
    }

    @Test
    void aFailedCommitFailsEveryCommandOfItsBatch() throws Exception {
        transactions.failCommit = true;
        groupCommit = new GroupCommit(gateway, transactions);
        List<Future<Object>> answers = sendFirstThen("second", "rejected third");

        for (Future<Object> answer : List.of(answers.get(0), answers.get(1))) {
            assertThatThrownBy(answer::get).cause().isInstanceOf(TransactionSystemException.class);
        }
        assertThatThrownBy(() -> answers.get(2).get()).cause()
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rejected third");
    }

    @Test
    void twoCreationsOfOneExclusiveValueNeverShareABatchAndARefusingCheckRefusesItsCommandAlone() throws Exception {
        groupCommit = new GroupCommit(gateway, transactions);
        Map<String, Integer> checkedInTransaction = new ConcurrentHashMap<>();
        sender = payload -> switch (payload) {
            case "second", "third" -> groupCommit.send(command(payload), "secret-a",
                    () -> checkedInTransaction.put(payload, transactions.begun.get()));
            case "fourth" -> groupCommit.send(command(payload), "secret-b", () -> {
                throw new IllegalStateException("in use");
            });
            default -> groupCommit.send(command(payload));
        };
        List<Future<Object>> answers = sendFirstThen("second", "third", "fourth", "fifth");

        assertThat(answers.get(1).get()).isEqualTo("done second");
        assertThat(answers.get(2).get()).isEqualTo("done third");
        assertThat(answers.get(4).get()).isEqualTo("done fifth");
        assertThatThrownBy(() -> answers.get(3).get()).cause().isInstanceOf(IllegalStateException.class).hasMessage("in use");
        // first alone; then one of second/third with fourth (refused by its check, never handled) and fifth;
        // the other of second/third after that commit, in a transaction of its own
        assertThat(transactions.commits).hasValue(3);
        assertThat(checkedInTransaction.values()).containsExactlyInAnyOrder(2, 3);
        verify(gateway, never()).sendAndWait(argThat((CommandMessage<?> c) -> "fourth".equals(c.getPayload())));
    }

    /** Sends "first", and once the others wait behind it, lets it go on. */
    private List<Future<Object>> sendFirstThen(String... others) {
        List<Future<Object>> answers = new ArrayList<>();
        answers.add(senders.submit(() -> sender.apply("first")));
        await().until(() -> transactions.begun.get() == 1);
        List<Thread> waiting = new ArrayList<>();
        for (String payload : others) {
            answers.add(senders.submit(() -> {
                synchronized (waiting) {
                    waiting.add(Thread.currentThread());
                }
                return sender.apply(payload);
            }));
        }
        // a sender waits (parked) only for its answer once its command is queued
        await().during(Duration.ofMillis(50)).until(() -> {
            synchronized (waiting) {
                return waiting.size() == others.length
                        && waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
            }
        });
        othersQueued.countDown();
        return answers;
    }

    private static CommandMessage<?> command(String payload) {
        return GenericCommandMessage.asCommandMessage(payload);
    }

    private static final class Transactions implements TransactionManager {
        final AtomicInteger begun = new AtomicInteger();
        final AtomicInteger commits = new AtomicInteger();
        final AtomicInteger rollbacks = new AtomicInteger();
        volatile boolean failCommit;

        @Override
        public Transaction startTransaction() {
            begun.incrementAndGet();
            return new Transaction() {
                @Override
                public void commit() {
                    if (failCommit) {
                        throw new TransactionSystemException("disk full");
                    }
                    commits.incrementAndGet();
                }

                @Override
                public void rollback() {
                    rollbacks.incrementAndGet();
                }
            };
        }
    }
}
