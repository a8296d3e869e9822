package io.keyledger.query.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.attempts.VerificationCode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UsageWindowsTest {

    static final long T0 = 1_773_144_010_000L; // 2026-03-10T12:00:10Z
    static final long MINUTE = 60_000;

    @Test
    void anAttemptCountsInItsMinuteHourAndDayWindow() {
        UsageWindows entry = new UsageWindows().add(one(VerificationCode.VALID, T0));

        assertThat(entry.windows).hasSize(3);
        for (UsageWindows.Window window : entry.windows) {
            long size = window.interval.size().toMillis();
            assertThat(window.start).isEqualTo(T0 / size * size);
            assertThat(window.counts.requests()).isEqualTo(1);
            assertThat(window.counts.lastAt).isEqualTo(T0);
            assertThat(window.version).isEqualTo(1);
        }
    }

    @Test
    void onlyTheWindowsAnAttemptFallsInChange() {
        UsageWindows entry = new UsageWindows().add(one(VerificationCode.VALID, T0));
        entry.add(one(VerificationCode.FORBIDDEN, T0 + MINUTE));

        assertThat(entry.windows).hasSize(4);
        assertThat(entry.changedSince(1)).extracting(w -> w.interval)
                .containsExactlyInAnyOrder(Interval.MINUTE, Interval.HOUR, Interval.DAY);
        assertThat(entry.changedSince(1)).noneMatch(w -> w.interval == Interval.MINUTE && w.start == T0 / MINUTE * MINUTE);
        assertThat(entry.changedSince(2)).isEmpty();
        assertThat(entry.changedSince(0)).hasSize(4);
    }

    @Test
    void aWindowClosesWhenItsEndAndGraceHavePassedTheLatestAttempt() {
        long minuteStart = T0 / MINUTE * MINUTE;
        long closes = minuteStart + MINUTE + Interval.MINUTE.grace().toMillis();
        UsageWindows entry = new UsageWindows().add(one(VerificationCode.VALID, T0));

        entry.add(one(VerificationCode.VALID, closes - 1));
        entry.add(one(VerificationCode.VALID, T0)); // late but within the grace: counted
        assertThat(minute(entry, minuteStart).counts.requests()).isEqualTo(2);

        entry.add(one(VerificationCode.VALID, closes));
        assertThat(minute(entry, minuteStart)).as("closed minute left the entry").isNull();
        entry.add(one(VerificationCode.VALID, T0)); // too late for its minute, not for its hour or day
        assertThat(minute(entry, minuteStart)).isNull();
        long hourStart = T0 / 3_600_000 * 3_600_000;
        assertThat(entry.windows).filteredOn(w -> w.interval == Interval.HOUR && w.start == hourStart)
                .singleElement().satisfies(w -> assertThat(w.counts.requests()).isEqualTo(5));
        assertThat(entry.closedAt(closes)).isFalse();
        assertThat(entry.closedAt(T0 + 2 * 86_400_000L)).isTrue();
    }

    @Test
    void anOrganizationsContributionAddsEveryCode() {
        Counts several = one(VerificationCode.VALID, T0).add(one(VerificationCode.NOT_FOUND, T0 + 5));
        UsageWindows entry = new UsageWindows().add(several);

        assertThat(entry.windows).allSatisfy(w -> {
            assertThat(w.counts.requests()).isEqualTo(2);
            assertThat(w.counts.byCodeMap()).containsEntry("VALID", 1L).containsEntry("NOT_FOUND", 1L);
            assertThat(w.counts.lastAt).isEqualTo(T0 + 5);
        });
    }

    @Test
    void theBinaryFormReadsBackTheSameEntry() {
        Random random = new Random(7);
        VerificationCode[] codes = VerificationCode.values();
        for (int round = 0; round < 500; round++) {
            UsageWindows entry = new UsageWindows();
            long time = T0;
            for (int i = random.nextInt(200); i > 0; i--) {
                time += random.nextInt(120_000) - 20_000;
                entry.add(one(codes[random.nextInt(codes.length)], time));
            }
            UsageWindows read = UsageWindows.SERDE.deserializer().deserialize("t",
                    UsageWindows.SERDE.serializer().serialize("t", entry));

            assertThat(read.updates).isEqualTo(entry.updates);
            assertThat(read.latest).isEqualTo(entry.latest);
            assertThat(read.windows).hasSameSizeAs(entry.windows);
            for (int w = 0; w < entry.windows.size(); w++) {
                UsageWindows.Window expected = entry.windows.get(w);
                UsageWindows.Window actual = read.windows.get(w);
                assertThat(actual.interval).isEqualTo(expected.interval);
                assertThat(actual.start).isEqualTo(expected.start);
                assertThat(actual.version).isEqualTo(expected.version);
                assertThat(actual.counts.lastAt).isEqualTo(expected.counts.lastAt);
                assertThat(actual.counts.byCode).containsExactly(expected.counts.byCode);
            }
        }
    }

    private static UsageWindows.Window minute(UsageWindows entry, long start) {
        return entry.windows.stream().filter(w -> w.interval == Interval.MINUTE && w.start == start)
                .findFirst().orElse(null);
    }

    private static Counts one(VerificationCode code, long at) {
        Counts counts = new Counts();
        counts.byCode[code.ordinal()]++;
        counts.lastAt = at;
        return counts;
    }
}
