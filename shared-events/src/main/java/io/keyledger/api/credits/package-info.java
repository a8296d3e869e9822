/**
 * Credits (API.md "Expiry, renewal and credits", DESIGN.md §9): a key's prepaid balance, its
 * refill rule, and the leases through which validators spend it. Every change of the balance is
 * an event on the key that carries the balance after it, so the balance at any instant replays
 * and reconciles line by line: {@link ApiKeyCreditsChangedEvent} (configured, set, added,
 * refilled, removed), {@link ApiKeyCreditsLeasedEvent} (a block taken out by a validator) and
 * {@link ApiKeyCreditLeaseEndedEvent} (a block given back, timed out, or voided by a set or refill).
 */
package io.keyledger.api.credits;
