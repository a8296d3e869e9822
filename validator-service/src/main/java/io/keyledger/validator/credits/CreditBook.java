package io.keyledger.validator.credits;

import io.keyledger.api.credits.ApiKeyCreditLeaseEndedEvent;
import io.keyledger.api.credits.ApiKeyCreditsChangedEvent;
import io.keyledger.api.credits.ApiKeyCreditsLeasedEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Each metered key's credits as this validator knows and holds them (package-info). */
public final class CreditBook {

    private static final Logger log = LoggerFactory.getLogger(CreditBook.class);
    /** {@link Lease#left} of a lease given back or dropped: no spend can succeed on it any more. */
    private static final long CLOSED = Long.MIN_VALUE / 2;
    static final long MAX_BLOCK = 1_000_000;

    /** Settings: lease time, how early a lease stops being spent, how many seconds of traffic a block is. */
    public record Settings(long leaseTtlSeconds, long safetyMarginMillis, double blockSeconds, String holder) {
    }

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Leaser leaser;
    private final Settings settings;
    private final AtomicLong leases = new AtomicLong();
    private final AtomicLong leaseFailures = new AtomicLong();
    private volatile boolean closed;

    public CreditBook(Leaser leaser, Settings settings) {
        this.leaser = leaser;
        this.settings = settings;
    }

    /** A book that knows no metered key: every key is unmetered (tests of other checks). */
    public static CreditBook unmetered() {
        return new CreditBook(Leaser.NONE, new Settings(30, 5000, 1, "none"));
    }

    private static final class Lease {
        final String id;
        final long amount;
        final long usableUntil;
        final long epoch;
        final long startedAt;
        final AtomicLong left;

        Lease(String id, long amount, long left, long usableUntil, long epoch, long startedAt) {
            this.id = id;
            this.amount = amount;
            this.usableUntil = usableUntil;
            this.epoch = epoch;
            this.startedAt = startedAt;
            this.left = new AtomicLong(left);
        }
    }

    private static final class Account {
        volatile boolean metered;
        volatile long balance;
        volatile long epoch;
        volatile long nextRefill;
        volatile Lease lease;
        final ReentrantLock leasing = new ReentrantLock();
    }

    /**
     * Spends {@code cost} of the key's credits, leasing a new block when the current one cannot
     * cover it. {@link CreditSpend#UNMETERED} for a key without credits.
     */
    public CreditSpend spend(String keyId, long cost, long now) {
        Account account = accounts.get(keyId);
        if (account == null || !account.metered) {
            return CreditSpend.UNMETERED;
        }
        if (cost < 1) {
            return new CreditSpend(true, false, account.balance, account.nextRefill);
        }
        CreditSpend fast = spendFromLease(account, cost, now);
        if (fast != null) {
            return fast;
        }
        account.leasing.lock();
        try {
            // another thread may have leased while this one waited
            fast = spendFromLease(account, cost, now);
            if (fast != null) {
                return fast;
            }
            if (!account.metered) {
                return CreditSpend.UNMETERED;
            }
            return leaseAndSpend(keyId, account, cost, now);
        } finally {
            account.leasing.unlock();
        }
    }

    /** Without spending: what the key has left as this validator knows it ({@code null}: unmetered). */
    public Long remaining(String keyId) {
        Account account = accounts.get(keyId);
        if (account == null || !account.metered) {
            return null;
        }
        Lease lease = account.lease;
        return account.balance + (lease == null ? 0 : Math.max(0, lease.left.get()));
    }

    private CreditSpend spendFromLease(Account account, long cost, long now) {
        for (;;) {
            Lease lease = account.lease;
            if (lease == null || lease.epoch != account.epoch || now >= lease.usableUntil) {
                return null;
            }
            long left = lease.left.get();
            if (left < cost) {
                return null;
            }
            if (lease.left.compareAndSet(left, left - cost)) {
                return new CreditSpend(true, true, account.balance + left - cost, account.nextRefill);
            }
        }
    }

    private CreditSpend leaseAndSpend(String keyId, Account account, long cost, long now) {
        Lease previous = account.lease;
        String previousId = null;
        long previousUnspent = 0;
        long requested = cost;
        if (previous != null) {
            account.lease = null;
            long left = previous.left.getAndSet(CLOSED);
            previousId = previous.id;
            previousUnspent = Math.max(0, left);
            long spent = previous.amount - previousUnspent;
            double seconds = Math.max(0.001, (now - previous.startedAt) / 1000.0);
            // about block-seconds of this key's recent spending here, and never less than the cost
            requested = Math.max(cost, (long) Math.ceil(spent / seconds * settings.blockSeconds()));
        }
        requested = Math.min(requested, Math.max(cost, MAX_BLOCK));
        if (closed) {
            return new CreditSpend(true, false, account.balance, account.nextRefill);
        }
        String leaseId = "l" + UUID.randomUUID().toString().replace("-", "");
        Leaser.Grant grant;
        try {
            grant = leaser.lease(keyId, leaseId, requested, cost, settings.leaseTtlSeconds(), previousId, previousUnspent);
        } catch (RuntimeException e) {
            // fail closed: the key's credits cannot be checked; a block given back in vain times out on the key
            leaseFailures.incrementAndGet();
            log.warn("credit lease for key {} failed: {}", keyId, e.getMessage());
            return new CreditSpend(true, false, account.balance, account.nextRefill);
        }
        leases.incrementAndGet();
        if (grant.balance() == null) {
            account.metered = false;
            return CreditSpend.UNMETERED;
        }
        account.balance = grant.balance();
        account.nextRefill = grant.nextRefillMillis();
        if (grant.epoch() > account.epoch) {
            account.epoch = grant.epoch();
        }
        if (grant.granted() < cost) {
            return new CreditSpend(true, false, account.balance, account.nextRefill);
        }
        long usableUntil = grant.expiresAtMillis() - settings.safetyMarginMillis();
        account.lease = new Lease(leaseId, grant.granted(), grant.granted() - cost, usableUntil, grant.epoch(), now);
        return new CreditSpend(true, true, account.balance + grant.granted() - cost, account.nextRefill);
    }

    /** Gives back every lease past its usable time (or of a past epoch: dropped); {@code all} at shutdown. */
    public int giveBack(long now, boolean all) {
        int given = 0;
        for (Map.Entry<String, Account> entry : accounts.entrySet()) {
            Account account = entry.getValue();
            Lease lease = account.lease;
            if (lease == null || !all && now < lease.usableUntil && lease.epoch == account.epoch) {
                continue;
            }
            account.leasing.lock();
            try {
                if (account.lease != lease) {
                    continue;
                }
                account.lease = null;
                long left = lease.left.getAndSet(CLOSED);
                if (lease.epoch != account.epoch) {
                    continue; // voided by the key: nothing to give back
                }
                try {
                    leaser.giveBack(entry.getKey(), lease.id, Math.max(0, left));
                    given++;
                } catch (RuntimeException e) {
                    log.warn("giving back lease {} of key {} failed ({}): it times out on the key", lease.id,
                            entry.getKey(), e.getMessage());
                }
            } finally {
                account.leasing.unlock();
            }
        }
        return given;
    }

    /** No new lease from now on (shutdown: what is held has been or is being given back). */
    public void close() {
        closed = true;
    }

    public long leases() {
        return leases.get();
    }

    public long leaseFailures() {
        return leaseFailures.get();
    }

    public String holder() {
        return settings.holder();
    }

    // ---- the key events (hot-set processor) ----

    public void on(ApiKeyCreditsChangedEvent event) {
        Account account = accounts.computeIfAbsent(event.keyId(), id -> new Account());
        if (event.balance() == null) {
            account.metered = false;
            account.lease = null;
        } else {
            account.balance = event.balance();
            account.metered = true;
        }
        account.nextRefill = event.nextRefillAt() == null ? 0 : event.nextRefillAt().toEpochMilli();
        if (event.epoch() > account.epoch) {
            account.epoch = event.epoch();
        }
    }

    public void on(ApiKeyCreditsLeasedEvent event) {
        Account account = accounts.get(event.keyId());
        if (account != null) {
            account.balance = event.balance();
        }
    }

    public void on(ApiKeyCreditLeaseEndedEvent event) {
        Account account = accounts.get(event.keyId());
        if (account != null && event.balance() != null) {
            account.balance = event.balance();
        }
    }

    public void clear() {
        accounts.clear();
    }

    static long millis(Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli();
    }
}
