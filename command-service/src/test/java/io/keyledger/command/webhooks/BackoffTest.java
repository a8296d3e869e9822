package io.keyledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofSeconds(5);
    private static final Duration MAX = Duration.ofHours(1);

    /** failures → the step in ms; the delay lies in [step/2, step). */
    @ParameterizedTest(name = "after {0} failures: {1} ms")
    @CsvSource({
            "1, 5000",
            "2, 10000",
            "3, 20000",
            "4, 40000",
            "10, 2560000",
            "11, 3600000",
            "12, 3600000",
            "60, 3600000",
            "2147483647, 3600000",
    })
    void doublesUpToTheCapWithJitterInTheUpperHalf(int failures, long step) {
        assertThat(Backoff.delay(failures, INITIAL, MAX, 0.0).toMillis()).isEqualTo(step / 2);
        assertThat(Backoff.delay(failures, INITIAL, MAX, 0.999999).toMillis()).isLessThan(step).isGreaterThan(step * 999 / 1000);
        assertThat(Backoff.delay(failures, INITIAL, MAX, 0.5).toMillis()).isEqualTo(step / 2 + step / 4);
    }

    @ParameterizedTest(name = "retries within 24 h with a 5 s start: {0}")
    @CsvSource({"0.0", "0.5", "0.999"})
    void aDayOfRetriesIsAFewDozenAttempts(double random) {
        long elapsed = 0;
        int attempts = 1;
        while (elapsed < Duration.ofHours(24).toMillis()) {
            elapsed += Backoff.delay(attempts, INITIAL, MAX, random).toMillis();
            attempts++;
        }
        assertThat(attempts).isBetween(25, 60);
    }
}
