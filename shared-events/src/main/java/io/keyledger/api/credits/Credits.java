package io.keyledger.api.credits;

/**
 * A key's credits as set on create and {@code PATCH} ({@code credits: {remaining, refill}}).
 *
 * @param remaining the balance, 0–{@link #MAX}
 * @param refill    the refill rule, {@code null} for none
 */
public record Credits(Long remaining, CreditRefill refill) {

    /** The largest balance, amount or cost: far below {@code Long.MAX_VALUE}, so sums never overflow. */
    public static final long MAX = 1_000_000_000_000_000L;
}
