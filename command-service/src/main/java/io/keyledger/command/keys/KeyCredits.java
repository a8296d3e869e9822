package io.keyledger.command.keys;

import io.keyledger.api.credits.ApiKeyCreditLeaseEndedEvent;
import io.keyledger.api.credits.ApiKeyCreditsChangedEvent;
import io.keyledger.api.credits.ApiKeyCreditsLeasedEvent;
import io.keyledger.api.credits.CreditRefill;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The credit state of one {@link ApiKey}, changed only by its events (the aggregate's event
 * sourcing handlers delegate here). {@code balance} is what is not leased out; the open leases
 * hold the rest. {@code null} balance: the key has no credits (unlimited).
 */
final class KeyCredits {

    /** A block out with a validator. */
    record OpenLease(String holder, long amount, Instant expiresAt, long epoch) {
    }

    private Long balance;
    private CreditRefill refill;
    private Instant nextRefillAt;
    private long epoch;
    private final Map<String, OpenLease> open = new LinkedHashMap<>();
    private Instant lastConsumedAt;
    private long spentToday;
    private long spentThisMonth;

    /** {spent today, spent this month} (UTC) after {@code consumed} more at {@code now}. */
    long[] spentAfter(long consumed, Instant now) {
        java.time.LocalDate today = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        java.time.LocalDate last = lastConsumedAt == null ? null
                : java.time.LocalDate.ofInstant(lastConsumedAt, java.time.ZoneOffset.UTC);
        boolean sameDay = today.equals(last);
        boolean sameMonth = last != null && java.time.YearMonth.from(today).equals(java.time.YearMonth.from(last));
        return new long[]{(sameDay ? spentToday : 0) + consumed, (sameMonth ? spentThisMonth : 0) + consumed};
    }

    Long balance() {
        return balance;
    }

    boolean limited() {
        return balance != null;
    }

    CreditRefill refill() {
        return refill;
    }

    Instant nextRefillAt() {
        return nextRefillAt;
    }

    long epoch() {
        return epoch;
    }

    Map<String, OpenLease> open() {
        return open;
    }

    long leased() {
        long sum = 0;
        for (OpenLease lease : open.values()) {
            sum += lease.amount();
        }
        return sum;
    }

    CreditsView view() {
        return balance == null ? null : new CreditsView(balance, leased(), refill, nextRefillAt);
    }

    void on(ApiKeyCreditsChangedEvent event) {
        balance = event.balance();
        refill = event.refill();
        nextRefillAt = event.nextRefillAt();
        epoch = event.epoch();
    }

    void on(ApiKeyCreditsLeasedEvent event) {
        balance = event.balance();
        open.put(event.leaseId(), new OpenLease(event.holder(), event.amount(), event.expiresAt(), event.epoch()));
    }

    void on(ApiKeyCreditLeaseEndedEvent event, Instant at) {
        balance = event.balance();
        open.remove(event.leaseId());
        spentToday = event.spentToday();
        spentThisMonth = event.spentThisMonth();
        lastConsumedAt = at;
    }
}
