package io.keyledger.command.keys;

import io.keyledger.api.credits.CreditRefill;
import java.time.Instant;

/**
 * {@code credits} of the key record on the command side: {@code remaining} is the balance not
 * leased out, {@code leased} what validators hold right now (spent or not: only they know until
 * they give it back), so {@code remaining + leased} is the most that can still be spent.
 */
public record CreditsView(long remaining, long leased, CreditRefill refill, Instant nextRefillAt) {
}
