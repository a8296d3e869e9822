/**
 * Credits at the validator (DESIGN §9): exact however many validators run, without a central store
 * on the hot path. {@link io.keyledger.validator.credits.CreditBook} knows each metered key's
 * balance and epoch from the key events (fed by the hot-set processor) and holds this validator's
 * current lease of it; a verification spends from the lease with one compare-and-set, and only when
 * the lease cannot cover the cost is a new block leased through the command API
 * ({@link io.keyledger.validator.credits.CommandApiLeaser}, {@code POST /v1/credit-leases}, with
 * this validator's own service key holding {@code credits:lease}) — the one call a verification
 * may wait for, and only for a metered key whose block ran out. The new lease gives back what was
 * left of the previous one in the same command. The block asked for is about
 * {@code block-seconds} of the key's recent spending here; the key grants at most a quarter of its
 * balance, so blocks shrink to one credit as the balance does.
 *
 * <p>A lease is spent only until {@code safety-margin} before its expiry; then
 * {@link io.keyledger.validator.credits.CreditLeaseSweeper} gives back what is left, and so does
 * the shutdown. A validator that dies loses its block: the key's lease deadline counts it as spent
 * when it times out, so no credit is ever spent twice. A set, refill or removal of the balance
 * starts a new epoch: leases of the old one are dropped here without being given back (the key
 * voided them).
 *
 * <p>The lease call runs on the thread of the verification (a Netty event loop): a metered key
 * near the end of its balance, leased one credit at a time, costs a round trip to the command API
 * per verification and holds that loop meanwhile. Unmetered keys never touch any of this.
 */
package io.keyledger.validator.credits;
