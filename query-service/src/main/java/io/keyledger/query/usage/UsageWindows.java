package io.keyledger.query.usage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The usage of one subject, a key or an organization, in each of its minute, hour and day
 * windows still open: one store entry per subject, so that counting an attempt is one cached read
 * and one write instead of one per window store.
 *
 * <p>A window is open until its end plus the interval's grace has passed the latest attempt time
 * seen for the subject; a later attempt for a closed window is not counted in it, and closed
 * windows leave the entry. Each window keeps the {@link #updates} count at its last change, its
 * version: {@link UsagePublisher} publishes the windows newer than what it last published.
 */
final class UsageWindows {

    private static final Interval[] INTERVALS = Interval.values();

    /** Contributions counted so far, the version of the entry. */
    long updates;
    /** Latest attempt time seen for the subject: what decides which windows are still open. */
    long latest = Long.MIN_VALUE;
    final List<Window> windows;

    UsageWindows() {
        this(new ArrayList<>(8));
    }

    private UsageWindows(List<Window> windows) {
        this.windows = windows;
    }

    static final class Window {
        final Interval interval;
        final long start;
        final Counts counts;
        long version;

        Window(Interval interval, long start, Counts counts, long version) {
            this.interval = interval;
            this.start = start;
            this.counts = counts;
            this.version = version;
        }

        long end() {
            return start + interval.size().toMillis();
        }

        boolean closedAt(long time) {
            return end() + interval.grace().toMillis() <= time;
        }
    }

    /**
     * Adds one subject's contribution (one attempt, or an organization's share of several),
     * counted in the windows of its latest attempt's time.
     */
    UsageWindows add(Counts contribution) {
        long time = contribution.lastAt;
        updates++;
        if (time > latest) {
            latest = time;
            windows.removeIf(window -> window.closedAt(latest));
        }
        for (Interval interval : INTERVALS) {
            long size = interval.size().toMillis();
            long start = Math.floorDiv(time, size) * size;
            Window window = window(interval, start);
            if (window == null) {
                window = new Window(interval, start, new Counts(), updates);
                if (window.closedAt(latest)) {
                    continue;
                }
                windows.add(window);
            }
            window.counts.add(contribution);
            window.version = updates;
        }
        return this;
    }

    /** The windows changed since version {@code published}. */
    List<Window> changedSince(long published) {
        List<Window> changed = new ArrayList<>(INTERVALS.length);
        for (Window window : windows) {
            if (window.version > published) {
                changed.add(window);
            }
        }
        return changed;
    }

    /** True when every window has closed by {@code time}: the entry can go. */
    boolean closedAt(long time) {
        return windows.stream().allMatch(window -> window.closedAt(time));
    }

    private Window window(Interval interval, long start) {
        for (Window window : windows) {
            if (window.start == start && window.interval == interval) {
                return window;
            }
        }
        return null;
    }

    /**
     * Binary: updates, latest, the window count, then per window its interval, start, version,
     * last attempt time and the codes counted (ordinal and count of each code above zero).
     */
    static final Serde<UsageWindows> SERDE = Serdes.serdeFrom(
            (Serializer<UsageWindows>) (topic, entry) -> entry == null ? null : encode(entry),
            (Deserializer<UsageWindows>) (topic, bytes) -> bytes == null ? null : decode(ByteBuffer.wrap(bytes)));

    private static byte[] encode(UsageWindows entry) {
        int size = 2 * Long.BYTES + Short.BYTES;
        for (Window window : entry.windows) {
            size += 2 + 3 * Long.BYTES + 1 + nonZero(window.counts) * (1 + Long.BYTES);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size)
                .putLong(entry.updates).putLong(entry.latest).putShort((short) entry.windows.size());
        for (Window window : entry.windows) {
            buffer.put((byte) window.interval.ordinal()).putLong(window.start).putLong(window.version)
                    .putLong(window.counts.lastAt).put((byte) nonZero(window.counts));
            long[] byCode = window.counts.byCode;
            for (int code = 0; code < byCode.length; code++) {
                if (byCode[code] != 0) {
                    buffer.put((byte) code).putLong(byCode[code]);
                }
            }
        }
        return buffer.array();
    }

    private static UsageWindows decode(ByteBuffer buffer) {
        long updates = buffer.getLong();
        long latest = buffer.getLong();
        int count = buffer.getShort();
        List<Window> windows = new ArrayList<>(count + 3);
        for (int i = 0; i < count; i++) {
            Interval interval = INTERVALS[buffer.get()];
            long start = buffer.getLong();
            long version = buffer.getLong();
            Counts counts = new Counts();
            counts.lastAt = buffer.getLong();
            int codes = buffer.get();
            for (int c = 0; c < codes; c++) {
                counts.byCode[buffer.get()] = buffer.getLong();
            }
            windows.add(new Window(interval, start, counts, version));
        }
        UsageWindows entry = new UsageWindows(windows);
        entry.updates = updates;
        entry.latest = latest;
        return entry;
    }

    private static int nonZero(Counts counts) {
        int n = 0;
        for (long count : counts.byCode) {
            if (count != 0) {
                n++;
            }
        }
        return n;
    }
}
