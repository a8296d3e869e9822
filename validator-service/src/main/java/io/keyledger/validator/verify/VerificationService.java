package io.keyledger.validator.verify;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.validator.attempts.AttemptPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A verification as the endpoints run it: the {@link Verifier}'s checks, then one record for
 * the attempt log (DESIGN.md §4), handed to the {@link AttemptPublisher} without waiting.
 * The record names the key by id, or by the display prefix of what was presented when the
 * key is unknown; the presented value itself goes nowhere.
 */
public final class VerificationService {

    private final Verifier verifier;
    private final AttemptPublisher publisher;
    private final Clock clock;
    private final Map<VerificationCode, Counter> verdicts = new EnumMap<>(VerificationCode.class);
    private final Timer latency;

    public VerificationService(Verifier verifier, AttemptPublisher publisher, Clock clock, MeterRegistry meters) {
        this.verifier = verifier;
        this.publisher = publisher;
        this.clock = clock;
        for (VerificationCode code : VerificationCode.values()) {
            verdicts.put(code, Counter.builder("keyledger.verifications").tag("code", code.name())
                    .description("verifications by verdict").register(meters));
        }
        // the checks take ~0.2–1 µs (README, JMH): buckets from 100 ns, so the histogram resolves them;
        // recording is a few atomic adds on preallocated buckets, nothing allocated per verification
        this.latency = Timer.builder("keyledger.verify.latency")
                .description("time of a verification's checks in the validator (hot set, rules, rate limit), "
                        + "without the network and the attempt log")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100))
                .maximumExpectedValue(Duration.ofMillis(100))
                .register(meters);
    }

    /** Runs the checks and logs the attempt. */
    public Verdict verify(VerifyInput input) {
        long started = System.nanoTime();
        Verdict verdict = verifier.verify(input);
        long latencyNanos = System.nanoTime() - started;
        long latencyMicros = latencyNanos / 1_000;
        latency.record(latencyNanos, TimeUnit.NANOSECONDS);
        verdicts.get(verdict.code()).increment();
        publisher.publish(new AuthAttempt(attemptId(), verdict.keyId(), prefixOf(input, verdict),
                verdict.organizationId(), verdict.code(), permissionsAsked(input), input.ip(), input.userAgent(),
                Instant.ofEpochMilli(clock.millis()), latencyMicros, input.referrer(), verdict.secret()));
        return verdict;
    }

    /** Runs the checks without spending budget or logging an attempt ({@code GET /v1/rate-limit}). */
    public Verdict inspect(VerifyInput input) {
        return verifier.verify(input);
    }

    private static String prefixOf(VerifyInput input, Verdict verdict) {
        if (verdict.code() == VerificationCode.MALFORMED || input.key() == null) {
            return null;
        }
        return ApiKeyFormat.displayPrefix(input.key());
    }

    private static String permissionsAsked(VerifyInput input) {
        return input.permissions().isEmpty() ? null : String.join(",", input.permissions());
    }

    /** A random (version 4) UUID from the thread's generator: unique, and no lock shared by all threads. */
    private static String attemptId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC0L << 56)) | (0x80L << 56);
        return new UUID(high, low).toString();
    }
}
