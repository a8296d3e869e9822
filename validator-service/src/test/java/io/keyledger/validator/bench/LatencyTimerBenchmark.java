package io.keyledger.validator.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the verify latency histogram adds to each verification: {@code VerificationService} reads
 * {@code System.nanoTime()} twice anyway (the attempt's latency), and now records the difference on
 * a Prometheus timer with the same configuration ({@code keyledger.verify.latency}). Two threads,
 * as two event loops would. Run with {@code -prof gc} to see the allocation per operation.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat /tmp/validator-cp.txt) org.openjdk.jmh.Main LatencyTimerBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class LatencyTimerBenchmark {

    private Timer timer;

    @Setup
    public void setUp() {
        timer = Timer.builder("keyledger.verify.latency").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100)).maximumExpectedValue(Duration.ofMillis(100))
                .register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** The two clock reads alone (what the service did before). */
    @Benchmark
    public long clockOnly() {
        long started = System.nanoTime();
        return System.nanoTime() - started;
    }

    /** The clock reads and the timer's record. */
    @Benchmark
    public void clockAndTimer(Blackhole hole) {
        long started = System.nanoTime();
        long elapsed = System.nanoTime() - started;
        timer.record(elapsed, TimeUnit.NANOSECONDS);
        hole.consume(elapsed);
    }
}
