package io.keyledger.query.usage;

import io.keyledger.api.attempts.VerificationCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The open usage windows of one subject (a key or an organization), minute, hour and day, by
 * verification code. For a key it also holds what has not yet been handed to its organization's
 * totals ({@link Window#pending}); the same shape carries those hand-overs to the organization.
 * Binary, with only the codes that occurred: it is read and written once per attempt.
 */
final class UsageWindows {

    private static final VerificationCode[] CODES = VerificationCode.values();
    private static final Interval[] INTERVALS = Interval.values();

    /** The organization a key's pending counts belong to; {@code null} for an organization's own state. */
    String organizationId;
    final List<Window> windows = new ArrayList<>(8);

    static final class Window {
        final Interval interval;
        final long start;
        final long[] counts;
        /** Counts not yet handed to the organization (key state only). */
        final long[] pending;
        long lastAt;
        /** Changed since its totals were last published. */
        boolean unpublished;

        Window(Interval interval, long start) {
            this(interval, start, new long[CODES.length], new long[CODES.length], 0, false);
        }

        private Window(Interval interval, long start, long[] counts, long[] pending, long lastAt, boolean unpublished) {
            this.interval = interval;
            this.start = start;
            this.counts = counts;
            this.pending = pending;
            this.lastAt = lastAt;
            this.unpublished = unpublished;
        }

        boolean hasPending() {
            for (long n : pending) {
                if (n != 0) {
                    return true;
                }
            }
            return false;
        }

        UsageAggregate aggregate(String scope, String subject) {
            long requests = 0;
            Map<String, Long> byCode = new LinkedHashMap<>();
            for (VerificationCode code : CODES) {
                long n = counts[code.ordinal()];
                requests += n;
                if (n > 0) {
                    byCode.put(code.name(), n);
                }
            }
            long allowed = counts[VerificationCode.VALID.ordinal()];
            String id = UsageAggregate.id(scope, subject, interval, start);
            return new UsageAggregate(id, scope, subject, interval.token(), Instant.ofEpochMilli(start),
                    Instant.ofEpochMilli(start + interval.size().toMillis()), requests, allowed, requests - allowed,
                    byCode, lastAt == 0 ? null : Instant.ofEpochMilli(lastAt));
        }
    }

    Window window(Interval interval, long start) {
        for (Window w : windows) {
            if (w.interval == interval && w.start == start) {
                return w;
            }
        }
        Window created = new Window(interval, start);
        windows.add(created);
        return created;
    }

    boolean unpublished() {
        for (Window w : windows) {
            if (w.unpublished || w.hasPending()) {
                return true;
            }
        }
        return false;
    }

    /** Drops the closed windows with nothing left to publish or hand over; true when it dropped any. */
    boolean expire(long streamTime) {
        return windows.removeIf(w -> !w.unpublished && !w.hasPending() && w.interval.closed(w.start, streamTime));
    }

    static final Serde<UsageWindows> SERDE = Serdes.serdeFrom(
            (Serializer<UsageWindows>) (topic, state) -> state == null ? null : state.encode(),
            (Deserializer<UsageWindows>) (topic, bytes) -> bytes == null ? null : decode(ByteBuffer.wrap(bytes)));

    private byte[] encode() {
        byte[] organization = organizationId == null ? new byte[0] : organizationId.getBytes(StandardCharsets.UTF_8);
        int size = Integer.BYTES + organization.length + Integer.BYTES;
        for (Window w : windows) {
            size += 1 + 2 * Long.BYTES + 1 + sparseSize(w.counts) + sparseSize(w.pending);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putInt(organizationId == null ? -1 : organization.length).put(organization);
        buffer.putInt(windows.size());
        for (Window w : windows) {
            buffer.put((byte) w.interval.ordinal()).putLong(w.start).putLong(w.lastAt).put((byte) (w.unpublished ? 1 : 0));
            putSparse(buffer, w.counts);
            putSparse(buffer, w.pending);
        }
        return buffer.array();
    }

    private static UsageWindows decode(ByteBuffer buffer) {
        UsageWindows state = new UsageWindows();
        int organization = buffer.getInt();
        if (organization >= 0) {
            state.organizationId = new String(buffer.array(), buffer.position(), organization, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + organization);
        }
        int n = buffer.getInt();
        for (int i = 0; i < n; i++) {
            Interval interval = INTERVALS[buffer.get()];
            long start = buffer.getLong();
            long lastAt = buffer.getLong();
            boolean unpublished = buffer.get() != 0;
            long[] counts = getSparse(buffer);
            long[] pending = getSparse(buffer);
            state.windows.add(new Window(interval, start, counts, pending, lastAt, unpublished));
        }
        return state;
    }

    /** A mask of the codes present (a code added later reads as 0 in older state), then their counts. */
    private static int sparseSize(long[] counts) {
        int size = Long.BYTES;
        for (long n : counts) {
            size += n != 0 ? Long.BYTES : 0;
        }
        return size;
    }

    private static void putSparse(ByteBuffer buffer, long[] counts) {
        long mask = 0;
        for (int i = 0; i < counts.length; i++) {
            mask |= counts[i] != 0 ? 1L << i : 0;
        }
        buffer.putLong(mask);
        for (long n : counts) {
            if (n != 0) {
                buffer.putLong(n);
            }
        }
    }

    private static long[] getSparse(ByteBuffer buffer) {
        long[] counts = new long[CODES.length];
        long mask = buffer.getLong();
        for (int i = 0; i < Long.SIZE; i++) {
            if ((mask & 1L << i) != 0) {
                long n = buffer.getLong();
                if (i < counts.length) {
                    counts[i] = n;
                }
            }
        }
        return counts;
    }
}
