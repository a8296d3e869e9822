package io.keyledger.query.insights;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the insights ({@code keyledger.insights.*}).
 *
 * @param retention       how long each key's attempts and tallies are kept (default 30 days); the
 *                        longest period an insight can look at
 * @param maxWhatIfAttempts the most attempts one what-if re-judges (default 5,000,000); a longer
 *                        period answers 400 naming {@code from}
 */
@ConfigurationProperties("keyledger.insights")
public record InsightsProperties(Duration retention, Integer maxWhatIfAttempts) {

    public InsightsProperties {
        retention = retention == null ? Duration.ofDays(30) : retention;
        if (retention.compareTo(Duration.ofDays(1)) < 0 || retention.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalArgumentException("keyledger.insights.retention must lie between 1 and 366 days");
        }
        maxWhatIfAttempts = maxWhatIfAttempts == null ? 5_000_000 : maxWhatIfAttempts;
    }

    public static InsightsProperties defaults() {
        return new InsightsProperties(null, null);
    }

    /** Whole days of retention: the largest {@code days} a tally answer takes. */
    public int retentionDays() {
        return (int) retention.toDays();
    }
}
