/**
 * The hot set: SHA-256 of a key → a compact entry, fed by the key events. Keys are never
 * removed (a revoked key answers REVOKED, not NOT_FOUND); a rotated key answers to its
 * previous secret until the grace deadline, judged by the clock at verification time.
 * Owner ids are not kept, only the owner type: no check needs more.
 */
package io.keyledger.validator.hotset;
