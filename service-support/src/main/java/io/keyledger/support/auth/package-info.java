/**
 * Authentication of management calls and the calling key's own rules (API.md, "Authorization
 * rules"; DESIGN.md §8). {@link io.keyledger.support.auth.CallerDirectory} projects every key from
 * the event stream; {@link io.keyledger.support.auth.ManagementCallRules} judges a call in a fixed
 * order (credentials, a current secret of a usable key, {@code ip_allowlist}, the management limit
 * and the key's own {@code rate_limit}); {@link io.keyledger.support.auth.BearerAuthenticationFilter}
 * writes the answer, a problem whose {@code code} is the {@link io.keyledger.support.auth.Refusal}.
 *
 * <p>The limits use Bucket4j's local buckets in a bounded Caffeine cache, per service instance,
 * rather than Axon or a shared store: a management call must not wait for another process, and a
 * key's bucket is rebuilt from nothing but its limits.
 */
package io.keyledger.support.auth;
