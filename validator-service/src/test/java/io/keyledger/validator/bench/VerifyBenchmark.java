package io.keyledger.validator.bench;

import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import io.keyledger.validator.hotset.HotSet;
import io.keyledger.validator.ratelimit.RateLimiter;
import io.keyledger.validator.verify.Verdict;
import io.keyledger.validator.verify.Verifier;
import io.keyledger.validator.verify.VerifyInput;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process verification (format, SHA-256, lookup, status, permission, rate limit) with a
 * million keys in the hot set: random valid keys and random unknown (well-formed) keys.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main VerifyBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class VerifyBenchmark {

    private static final int SAMPLE = 1 << 14;

    @Param("1000000")
    int keys;

    private Verifier verifier;
    private VerifyInput[] valid;
    private VerifyInput[] unknown;

    @Setup(Level.Trial)
    public void load() {
        HotSet hotSet = new HotSet();
        String[] plaintexts = BenchKeys.load(hotSet, keys, keys, 42);
        Random random = new Random(7);
        valid = new VerifyInput[SAMPLE];
        unknown = new VerifyInput[SAMPLE];
        for (int i = 0; i < SAMPLE; i++) {
            // permission sets cycle every 4 keys; index ≡ 0 (mod 4) grants tasks:read
            int k = random.nextInt(keys / 4) * 4;
            valid[i] = VerifyInput.of(plaintexts[k], List.of("tasks:read"));
            unknown[i] = VerifyInput.of(ApiKeyFormat.generate(Environment.LIVE, random), List.of("tasks:read"));
        }
        verifier = new Verifier(hotSet, new RateLimiter(), Clock.systemUTC());
        if (!verifier.verify(valid[0]).valid() || verifier.verify(unknown[0]).valid()) {
            throw new IllegalStateException("benchmark inputs are not what they claim");
        }
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public Verdict validKey(Cursor cursor) {
        return verifier.verify(valid[cursor.next++ & (SAMPLE - 1)]);
    }

    @Benchmark
    public Verdict unknownKey(Cursor cursor) {
        return verifier.verify(unknown[cursor.next++ & (SAMPLE - 1)]);
    }
}
