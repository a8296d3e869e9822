package io.keyledger.validator.credits;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.credits.ApiKeyCreditsChangedEvent;
import io.keyledger.api.credits.CreditChange;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The credit book against a key that leases as the aggregate does (a quarter of the balance at
 * most, at least the cost, nothing when the balance cannot cover it): however many validators and
 * threads spend, exactly the balance is spent, and not one credit more.
 */
class CreditBookTest {

    private static final String KEY = "key_1";

    /** The aggregate's side: balance, open leases, grant rule (CreditRules.grant's). */
    static final class FakeKey implements Leaser {
        long balance;
        long epoch = 1;
        final Map<String, Long> open = new HashMap<>();
        final AtomicLong calls = new AtomicLong();

        FakeKey(long balance) {
            this.balance = balance;
        }

        @Override
        public synchronized Grant lease(String keyId, String leaseId, long requested, long minimum, long ttlSeconds,
                                        String previousLeaseId, long previousUnspent) {
            calls.incrementAndGet();
            if (previousLeaseId != null && open.containsKey(previousLeaseId)) {
                assertThat(previousUnspent).isBetween(0L, open.get(previousLeaseId));
                balance += previousUnspent;
                open.remove(previousLeaseId);
            }
            long granted = 0;
            if (balance >= minimum && balance > 0) {
                granted = Math.min(Math.max(Math.min(requested, Math.max(1, balance / 4)), minimum), balance);
            }
            balance -= granted;
            if (granted > 0) {
                open.put(leaseId, granted);
            }
            return new Grant(granted, balance, System.currentTimeMillis() + ttlSeconds * 1000, epoch, 0);
        }

        @Override
        public synchronized void giveBack(String keyId, String leaseId, long unspent) {
            Long amount = open.remove(leaseId);
            if (amount != null) {
                assertThat(unspent).isBetween(0L, amount);
                balance += unspent;
            }
        }
    }

    private static CreditBook book(FakeKey key, long balance) {
        CreditBook book = new CreditBook(key, new CreditBook.Settings(30, 5000, 1, "v"));
        book.on(new ApiKeyCreditsChangedEvent(KEY, "org", CreditChange.CONFIGURED, balance, balance, null, null, 1));
        return book;
    }

    @Test
    void aKeyWithoutCreditsIsNotMetered() {
        CreditBook book = new CreditBook(new FakeKey(0), new CreditBook.Settings(30, 5000, 1, "v"));
        assertThat(book.spend(KEY, 1, System.currentTimeMillis())).isEqualTo(CreditSpend.UNMETERED);
        assertThat(book.remaining(KEY)).isNull();
    }

    @Test
    void fiveCreditsAreFiveVerificationsThenRefused() {
        FakeKey key = new FakeKey(5);
        CreditBook book = book(key, 5);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            CreditSpend spend = book.spend(KEY, 1, now);
            assertThat(spend.spent()).as("spend %d", i).isTrue();
            assertThat(spend.remaining()).isEqualTo(4 - i);
        }
        assertThat(book.spend(KEY, 1, now).spent()).isFalse();
    }

    @Test
    void aCostTheBalanceCannotCoverIsRefusedAndSpendsNothing() {
        FakeKey key = new FakeKey(10);
        CreditBook book = book(key, 10);
        long now = System.currentTimeMillis();
        assertThat(book.spend(KEY, 11, now).spent()).isFalse();
        assertThat(book.spend(KEY, 10, now).spent()).isTrue();
        assertThat(book.spend(KEY, 1, now).spent()).isFalse();
        assertThat(book.spend(KEY, -1, now).spent()).as("a malformed X-Credit-Cost fails closed").isFalse();
    }

    @Test
    void threeValidatorsWithManyThreadsSpendExactlyTheBalance() throws Exception {
        long total = 10_000;
        FakeKey key = new FakeKey(total);
        CreditBook[] books = {book(key, total), book(key, total), book(key, total)};
        AtomicLong spent = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        int threads = 9;
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            CreditBook book = books[t % books.length];
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                int misses = 0;
                while (misses < 200) {
                    long cost = 1 + (ThreadLocalRandom.current().nextInt(3) == 0 ? 1 : 0);
                    if (book.spend(KEY, cost, System.currentTimeMillis()).spent()) {
                        spent.addAndGet(cost);
                        misses = 0;
                    } else {
                        refused.incrementAndGet();
                        misses++;
                    }
                }
            });
            workers[t].start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        for (CreditBook book : books) {
            book.giveBack(System.currentTimeMillis(), true);
        }
        // what was spent (costs of 1 and 2) plus what is left is the balance given, exactly
        assertThat(key.open).isEmpty();
        assertThat(spent.get()).as("credits spent by the verifications").isEqualTo(total - key.balance);
        assertThat(key.balance).as("left after every validator gave back").isLessThanOrEqualTo(1);
        assertThat(key.calls.get()).as("leases taken: blocks, not one call per credit").isLessThan(spent.get() / 2);
    }

    @Test
    void aLeaseIsNotSpentPastItsUsableTimeAndIsGivenBack() {
        FakeKey key = new FakeKey(100);
        CreditBook book = book(key, 100);
        long now = System.currentTimeMillis();
        assertThat(book.spend(KEY, 1, now).spent()).isTrue();
        assertThat(key.open).hasSize(1);
        long held = key.open.values().iterator().next();
        // 30 s lease, 5 s margin: at 26 s it is past its usable time
        assertThat(book.giveBack(now + 26_000, false)).isEqualTo(1);
        assertThat(key.open).isEmpty();
        assertThat(key.balance).isEqualTo(100 - 1);
        assertThat(held).isPositive();
    }

    @Test
    void aNewEpochDropsTheLeaseWithoutGivingItBack() {
        FakeKey key = new FakeKey(100);
        CreditBook book = book(key, 100);
        long now = System.currentTimeMillis();
        assertThat(book.spend(KEY, 1, now).spent()).isTrue();
        // the key's balance is SET to 3: the lease of epoch 1 is void
        key.open.clear();
        key.balance = 3;
        key.epoch = 2;
        book.on(new ApiKeyCreditsChangedEvent(KEY, "org", CreditChange.SET, 3, 3L, null, Instant.now(), 2));
        for (int i = 0; i < 3; i++) {
            assertThat(book.spend(KEY, 1, now).spent()).isTrue();
        }
        assertThat(book.spend(KEY, 1, now).spent()).isFalse();
    }

    @Test
    void aKeyWhoseCreditsAreRemovedIsUnmeteredAgain() {
        FakeKey key = new FakeKey(1);
        CreditBook book = book(key, 1);
        book.on(new ApiKeyCreditsChangedEvent(KEY, "org", CreditChange.REMOVED, 0, null, null, null, 2));
        assertThat(book.spend(KEY, 1, System.currentTimeMillis())).isEqualTo(CreditSpend.UNMETERED);
    }
}
