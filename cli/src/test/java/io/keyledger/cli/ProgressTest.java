package io.keyledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    static final String PLAIN_LINE = "import: \\d+/\\d+ \\(\\d+%\\) \\d+ rows/s ETA (\\d+s|\\d+m\\d\\ds|\\d+h\\d\\dm|\\?)( .*)?";

    @Test
    void plainLinesNameDoneTotalRateAndEta() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), Progress.Mode.PLAIN,
                "import", "rows", 1000, nanos::get);
        nanos.set(2_000_000_000L);
        progress.update(250, "imported=250");
        nanos.set(2_500_000_000L);
        progress.update(300, "imported=300"); // within the second: not drawn
        nanos.set(4_000_000_000L);
        progress.finish(1000, "imported=1000");

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).containsExactly(
                "import: 250/1000 (25%) 125 rows/s ETA 6s imported=250",
                "import: 1000/1000 (100%) 250 rows/s ETA 0s imported=1000");
        assertThat(lines).allMatch(l -> l.matches(PLAIN_LINE));
    }

    @Test
    void aBarRedrawsOneLineInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), Progress.Mode.BAR,
                "import", "rows", 10, nanos::get);
        nanos.set(1_000_000_000L);
        progress.update(5, null);
        nanos.set(2_000_000_000L);
        progress.finish(10, null);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\r[###############---------------] import: 5/10 (50%) 5 rows/s ETA 1s")
                .endsWith("\r[##############################] import: 10/10 (100%) 5 rows/s ETA 0s\033[K\n");
        assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void withoutATotalItCountsAndRates() {
        assertThat(new Progress(System.err, Progress.Mode.PLAIN, "export", "events", 0, () -> 0).line(500, "9 bytes", 2))
                .isEqualTo("export: 500 events 250 events/s 9 bytes");
    }

    @Test
    void durationsReadAsSecondsMinutesHours() {
        assertThat(Progress.duration(42)).isEqualTo("42s");
        assertThat(Progress.duration(185)).isEqualTo("3m05s");
        assertThat(Progress.duration(3720)).isEqualTo("1h02m");
    }
}
