package io.keyledger.command.leaks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code keyledger.leaks.*}: the bounds of {@code POST /v1/leaks} and how fast one client address
 * may report.
 *
 * @param maxKeys        keys per report ({@code KEYLEDGER_LEAKS_MAX_KEYS}, default 100)
 * @param maxKeyLength   characters per key ({@code KEYLEDGER_LEAKS_MAX_KEY_LENGTH}, default 256, the
 *                       longest importable value)
 * @param queueCapacity  matched keys waiting to be acted on ({@code KEYLEDGER_LEAKS_QUEUE_CAPACITY},
 *                       default 10000); past it a match is dropped and counted
 * @param rateLimit      reports per client address
 */
@ConfigurationProperties("keyledger.leaks")
record LeakProperties(Integer maxKeys, Integer maxKeyLength, Integer queueCapacity, RateLimit rateLimit) {

    /**
     * @param perMinute    reports an address may send per minute, sustained
     *                     ({@code KEYLEDGER_LEAKS_RATE_LIMIT_PER_MINUTE}, default 10)
     * @param burst        reports it may send at once ({@code KEYLEDGER_LEAKS_RATE_LIMIT_BURST}, default 10)
     * @param maxAddresses addresses whose buckets are kept ({@code KEYLEDGER_LEAKS_RATE_LIMIT_MAX_ADDRESSES},
     *                     default 100000)
     */
    record RateLimit(Integer perMinute, Integer burst, Integer maxAddresses) {
        RateLimit {
            perMinute = perMinute == null ? 10 : perMinute;
            burst = burst == null ? 10 : burst;
            maxAddresses = maxAddresses == null ? 100_000 : maxAddresses;
            if (perMinute < 1 || burst < 1 || maxAddresses < 1) {
                throw new IllegalArgumentException("keyledger.leaks.rate-limit.* must be at least 1");
            }
        }
    }

    LeakProperties {
        maxKeys = maxKeys == null ? 100 : maxKeys;
        maxKeyLength = maxKeyLength == null ? 256 : maxKeyLength;
        queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
        rateLimit = rateLimit == null ? new RateLimit(null, null, null) : rateLimit;
        if (maxKeys < 1 || maxKeys > 1000 || maxKeyLength < 1 || maxKeyLength > 4096 || queueCapacity < 1) {
            throw new IllegalArgumentException("keyledger.leaks.max-keys must be 1-1000, max-key-length 1-4096, "
                    + "queue-capacity at least 1");
        }
    }
}
