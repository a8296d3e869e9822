/**
 * The keyledger contract: the messages that cross service boundaries (events in the event
 * store, commands on the command bus, records on the {@code auth-attempts} topic), their
 * value types, and the key format. Plain Java records without Spring, JPA or Mongo, so that
 * every service and every replay reads the same shapes.
 *
 * <p>Events are facts in the past tense and hold no secret: a key's SHA-256 hash and display
 * prefix, never its value. They are forever: fields are only ever added, with a meaning that
 * treats {@code null} as "absent in older events".
 */
package io.keyledger.api;
