package io.keyledger.api.keys;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A leak report named a secret that this key holds or held ({@code POST /v1/leaks}). The key
 * judges which of its secrets it is (current, previous in grace, or one it no longer accepts) and
 * applies its organization's {@code on_leak}. Carries the secret's hash, never the secret.
 *
 * @param keyId     the key the platform's secret lookup resolved the hash to
 * @param keyHash   SHA-256 hex of the reported secret
 * @param sourceUrl where the reporter found it (bounded, {@code http}/{@code https}), or {@code null}
 * @param reporter  who reported it, free text (bounded), or {@code null}
 */
public record ReportApiKeyLeakCommand(@TargetAggregateIdentifier String keyId,
                                      String keyHash,
                                      String sourceUrl,
                                      String reporter) {
}
