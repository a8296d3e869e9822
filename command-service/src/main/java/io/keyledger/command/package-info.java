/**
 * command-service, the only writer of keyledger (DESIGN.md §1, §3): the {@code ApiKey} and
 * {@code Organization} aggregates behind the command API of API.md. Packages by feature:
 * {@code keys} (aggregate, rules, REST), {@code organizations} (aggregate, existence check, key
 * quota, REST), {@code bootstrap} (first start), {@code idempotency} ({@code Idempotency-Key}),
 * {@code deadlines} (the table of the durable deadline manager), {@code web} (event metadata,
 * command dispatch, problem+json for this service's errors). See the module's README.md.
 */
package io.keyledger.command;
