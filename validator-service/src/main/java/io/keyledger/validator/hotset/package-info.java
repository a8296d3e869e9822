/**
 * The hot set: SHA-256 of a key → a compact entry, fed by the key events. A revoked or expired
 * key answers REVOKED or EXPIRED for a retention after it ended (30 days by default), then
 * NOT_FOUND, and a periodic sweep frees it; a rotated key answers to its previous secret until
 * the grace deadline, judged by the clock at verification time. One secret, one key: an event
 * that would let a key take over a hash another key holds is refused, counted and logged.
 * Owner ids are not kept, only the owner type: no check needs more.
 */
package io.keyledger.validator.hotset;
