/**
 * Leak reports ({@code POST /v1/leaks}, DESIGN §9 "Leak response"): anyone may report keys they
 * found; the report tells them nothing about which keys exist.
 *
 * <ul>
 *   <li>No credentials: the path is listed in {@code keyledger.management-api.public-endpoints}, which
 *       the Bearer filter matches by exact method and raw path.</li>
 *   <li>Rate limited per client address before the body is read ({@link LeakRateLimitFilter}).</li>
 *   <li>No oracle: a well-formed report always gets the same 202 body. The work done before the
 *       answer is the same for known and unknown keys — every string hashed, one
 *       {@code used_secret} query for all of them — and what a match causes (events, webhooks,
 *       the organization's {@code on_leak}) happens after the answer, on the
 *       {@link LeakResponder}'s thread. Chosen over padding every answer to a fixed time: padding
 *       holds a request thread for the whole pad, and a pad long enough to cover a command's
 *       append on a loaded store (tens of milliseconds) would make the endpoint easy to exhaust.
 *       Cost: a match waiting in the queue is lost if the service stops before it is applied.</li>
 *   <li>The key decides ({@code keys.ApiKey}): the current secret, or the previous one in its grace
 *       period, gets the organization's {@code on_leak}; a retired secret, a revoked or expired key,
 *       or the same report again changes nothing.</li>
 * </ul>
 */
package io.keyledger.command.leaks;
