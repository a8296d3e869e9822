/**
 * validator-service: the hot path of keyledger (DESIGN.md §4).
 *
 * <ul>
 *   <li>{@code hotset}: the in-memory validation set built from key and organization events,
 *       its tracking processor (in-memory token: every instance replays from the start) and
 *       the readiness contribution (DOWN until caught up).</li>
 *   <li>{@code verify}: the checks in their order, credentials from headers, and the
 *       verification service that also logs each attempt.</li>
 *   <li>{@code ratelimit}: token bucket plus minute/hour/day windows, plan defaults, idle-state
 *       eviction.</li>
 *   <li>{@code attempts}: the asynchronous, bounded, counted publisher of the
 *       {@code auth-attempts} topic.</li>
 *   <li>{@code web}: the endpoints — on a thin Netty server at the public port by default,
 *       with Spring (actuator, OpenAPI, and the same endpoints on MVC) behind it on loopback.</li>
 * </ul>
 */
package io.keyledger.validator;
