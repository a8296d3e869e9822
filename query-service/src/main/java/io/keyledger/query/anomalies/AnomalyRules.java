package io.keyledger.query.anomalies;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Thresholds of the anomaly rules ({@code keyledger.anomalies.*}; defaults in application.yml
 * and {@link #defaults()}).
 *
 * @param failureSpikeKey   failed verifications (any denial but rate limiting and missing permission) per key or prefix
 * @param failureSpikeIp    the same per client IP
 * @param inactiveKeyUse    attempts with a revoked, disabled or expired key (threshold 1: every use is reported, once per window)
 * @param rateLimitStorm    RATE_LIMITED answers per key
 * @param permissionProbing FORBIDDEN answers per key, over at least {@code distinctPermissions} different permissions
 * @param newNetwork        how long a network stays "known" for a key
 * @param volumeSpike       a minute's requests against the key's trailing per-minute average
 */
@ConfigurationProperties("keyledger.anomalies")
public record AnomalyRules(Threshold failureSpikeKey,
                           Threshold failureSpikeIp,
                           Threshold inactiveKeyUse,
                           Threshold rateLimitStorm,
                           Probing permissionProbing,
                           NewNetwork newNetwork,
                           VolumeSpike volumeSpike) {

    /** At least {@code threshold} matching attempts within one tumbling window of {@code window}. */
    public record Threshold(Duration window, long threshold) {
    }

    public record Probing(Duration window, long threshold, int distinctPermissions) {
    }

    public record NewNetwork(Duration lookback) {
    }

    /**
     * @param trailingMinutes   minutes the average is taken over
     * @param factor            how many times the average a minute must reach
     * @param minRequests       a minute below this is never a spike (quiet keys are noisy in ratio)
     * @param minHistoryMinutes how long a key must have been seen before its average means anything
     */
    public record VolumeSpike(int trailingMinutes, double factor, long minRequests, int minHistoryMinutes) {
    }

    public static AnomalyRules defaults() {
        return new AnomalyRules(
                new Threshold(Duration.ofMinutes(1), 20),
                new Threshold(Duration.ofMinutes(1), 50),
                new Threshold(Duration.ofHours(1), 1),
                new Threshold(Duration.ofMinutes(1), 100),
                new Probing(Duration.ofMinutes(10), 10, 3),
                new NewNetwork(Duration.ofDays(30)),
                new VolumeSpike(60, 5.0, 100, 30));
    }
}
