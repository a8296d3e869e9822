package io.keyledger.command.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code keyledger.webhooks.*} (every one settable by environment variable, e.g.
 * {@code KEYLEDGER_WEBHOOKS_ALLOW_HTTP}); the defaults are a production deployment's, the local
 * stack allows http and private targets.
 *
 * @param allowHttp           http targets besides https
 * @param allowPrivateTargets loopback, private and link-local targets
 * @param maxPerOrganization  endpoints an organization may hold
 * @param timeout             for one delivery attempt (connect + answer)
 * @param initialDelay        before the first retry; each further one doubles, with jitter
 * @param maxDelay            longest wait between two attempts
 * @param retryFor            how long a delivery is retried after it was planned
 * @param disableAfter        an endpoint failing every attempt this long is switched off
 * @param secretOverlap       how long the previous secret signs beside a rotated one
 * @param pollInterval        how often the sender looks for due deliveries (it is also woken at once by new ones)
 * @param maxInFlight         attempts in flight at once
 * @param lease               how long a claimed delivery is held before another sender may retry it (a crash mid-attempt)
 */
@ConfigurationProperties("keyledger.webhooks")
record WebhookProperties(@DefaultValue("false") boolean allowHttp,
                         @DefaultValue("false") boolean allowPrivateTargets,
                         @DefaultValue("20") int maxPerOrganization,
                         @DefaultValue("10s") Duration timeout,
                         @DefaultValue("5s") Duration initialDelay,
                         @DefaultValue("1h") Duration maxDelay,
                         @DefaultValue("24h") Duration retryFor,
                         @DefaultValue("24h") Duration disableAfter,
                         @DefaultValue("24h") Duration secretOverlap,
                         @DefaultValue("250ms") Duration pollInterval,
                         @DefaultValue("64") int maxInFlight,
                         @DefaultValue("30s") Duration lease) {
}
