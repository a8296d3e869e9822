/**
 * When each key was last used, as command-service learns it without calling another service:
 * a Kafka consumer of its own ({@code command-service-last-use}) reads the validator's
 * {@code auth-attempts} topic — the stream the read side counts {@code last_used} from — and
 * keeps the newest attempt per key in the {@code key_last_use} table of the service's database.
 * The key's expiry notice reads it to judge {@code auto_renew.only_if_used_within_days}.
 *
 * <p>Why the topic and not an event per use: a use is not a change of the key, and an event per
 * attempt (or even per key and day) would grow every key's stream and the audit history with
 * noise. Why not query-service's {@code last_used}: that is another service to call. The table
 * holds one row per key that was ever used; the consumer batches a poll's attempts into one
 * write per key and only moves a row forward, so replays and duplicates change nothing.
 */
package io.keyledger.command.lastuse;
