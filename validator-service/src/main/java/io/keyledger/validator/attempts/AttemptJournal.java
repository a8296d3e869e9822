package io.keyledger.validator.attempts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The attempts a validator has answered and Kafka has not yet taken, in memory-mapped segment
 * files under its data directory. An append is a copy into the page cache under a short lock:
 * a verification never waits for a disk or a broker, and a {@code kill -9} of the JVM loses
 * nothing it appended (the kernel owns the pages; only a crash of the machine itself can).
 *
 * <p>A record is {@code [int length][int key length or -1][key][value]}, 4-byte aligned; a
 * length of 0 means nothing was written there yet, -1 closes a segment. The sender reads in
 * order with {@link #poll} and, once Kafka holds a batch, calls {@link #ack} with the batch's
 * end position: the position is one {@code long} (segment index in the high half, offset in
 * the low half) kept in a mapped {@code ack} file, so it is written in one store. Segments
 * wholly behind the acknowledged position are deleted. The directory also keeps the
 * instance's id, which names its Kafka transactions: a restarted validator fences its former
 * self and resumes from what the former self committed.
 */
public final class AttemptJournal implements AutoCloseable {

    /** One record read back: its Kafka key (may be {@code null}) and value. */
    public record Entry(byte[] key, byte[] value) {
    }

    /** Records read by one {@link #poll}, and the position right after the last of them. */
    public record Batch(List<Entry> entries, long end) {
        public boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    private static final int HEADER = 8;
    private static final int END_OF_SEGMENT = -1;
    private static final String PREFIX = "attempts-";
    private static final String SUFFIX = ".log";

    private final Path dir;
    private final int segmentBytes;
    private final int maxSegments;
    private final String instanceId;
    private final MappedByteBuffer ackFile;
    /** Mapped segments by index; the writer adds, {@link #ack} removes. */
    private final TreeMap<Integer, MappedByteBuffer> segments = new TreeMap<>();
    private final AtomicLong pending = new AtomicLong();

    // writer state, guarded by this
    private int headIndex;
    private int headOffset;

    // reader state, sender thread only
    private long readPosition;

    public AttemptJournal(Path dir, int segmentBytes, int maxSegments) {
        if (segmentBytes < 1024 || maxSegments < 2) {
            throw new IllegalArgumentException("journal segments must be >= 1 KiB and at least 2");
        }
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.maxSegments = maxSegments;
        try {
            Files.createDirectories(dir);
            this.instanceId = instanceId(dir.resolve("instance-id"));
            this.ackFile = map(dir.resolve("ack"), Long.BYTES);
            long acked = ackFile.getLong(0);
            List<Integer> existing = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(PREFIX) && n.endsWith(SUFFIX))
                        .forEach(n -> existing.add(Integer.parseInt(n.substring(PREFIX.length(), n.length() - SUFFIX.length()))));
            }
            for (int index : existing) {
                if (index < segmentOf(acked)) {
                    Files.deleteIfExists(segmentPath(index));
                } else {
                    segments.put(index, map(segmentPath(index), segmentBytes));
                }
            }
            this.readPosition = acked;
            // what a former run appended and Kafka did not take yet is sent first; new records go to a fresh segment
            this.headIndex = segments.isEmpty() ? segmentOf(acked) : segments.lastKey() + 1;
            this.headOffset = 0;
            segments.put(headIndex, map(segmentPath(headIndex), segmentBytes));
            pending.set(countFrom(acked));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the auth-attempt journal in " + dir, e);
        }
    }

    /** Names this journal's Kafka transactions; the same across restarts on the same directory. */
    public String instanceId() {
        return instanceId;
    }

    /** Records appended and not yet acknowledged. */
    public long pending() {
        return pending.get();
    }

    /** Appends one record; {@code false} when the journal is full (or the record larger than a segment). */
    public boolean append(byte[] key, byte[] value) {
        int length = HEADER + (key == null ? 0 : key.length) + value.length;
        int size = align(length);
        if (size + Integer.BYTES > segmentBytes) {
            return false;
        }
        synchronized (this) {
            if (headOffset + size + Integer.BYTES > segmentBytes) {
                if (headIndex + 1 - segmentOf(ackFile.getLong(0)) >= maxSegments) {
                    return false;
                }
                segments.get(headIndex).putInt(headOffset, END_OF_SEGMENT);
                try {
                    segments.put(headIndex + 1, map(segmentPath(headIndex + 1), segmentBytes));
                } catch (IOException e) {
                    return false;
                }
                headIndex++;
                headOffset = 0;
            }
            MappedByteBuffer segment = segments.get(headIndex);
            segment.putInt(headOffset + 4, key == null ? -1 : key.length);
            if (key != null) {
                segment.put(headOffset + HEADER, key);
            }
            segment.put(headOffset + HEADER + (key == null ? 0 : key.length), value);
            // the length last: a record cut short by a kill reads as "nothing here"
            segment.putInt(headOffset, length);
            headOffset += size;
        }
        pending.incrementAndGet();
        return true;
    }

    /** Up to {@code max} records after the last one read (sender thread only). */
    public Batch poll(int max) {
        int limitIndex;
        int limitOffset;
        synchronized (this) {
            limitIndex = headIndex;
            limitOffset = headOffset;
        }
        List<Entry> entries = new ArrayList<>();
        long position = readPosition;
        // the segment map is shared with the appending (verifying) threads: looked up once per segment, not per record
        int segmentIndex = -1;
        MappedByteBuffer segment = null;
        while (entries.size() < max) {
            int index = segmentOf(position);
            int offset = offsetOf(position);
            if (index == limitIndex && offset >= limitOffset || index > limitIndex) {
                break;
            }
            if (index != segmentIndex) {
                segment = segment(index);
                segmentIndex = index;
            }
            int length = segment == null || offset + HEADER > segmentBytes ? 0 : segment.getInt(offset);
            if (length <= 0) {
                // closed, or cut short by a kill of a former run: the next segment goes on
                position = position(index + 1, 0);
                continue;
            }
            int keyLength = segment.getInt(offset + 4);
            byte[] key = keyLength < 0 ? null : new byte[keyLength];
            if (key != null) {
                segment.get(offset + HEADER, key);
            }
            byte[] value = new byte[length - HEADER - Math.max(keyLength, 0)];
            segment.get(offset + HEADER + Math.max(keyLength, 0), value);
            entries.add(new Entry(key, value));
            position = position(index, offset + align(length));
        }
        readPosition = position;
        return new Batch(entries, position);
    }

    /** Kafka holds everything before {@code position}; the next {@link #poll} starts there too. */
    public void ack(long position, int records) {
        ackFile.putLong(0, position);
        readPosition = position;
        pending.addAndGet(-records);
        deleteSegmentsBefore(segmentOf(position));
    }

    /**
     * Kafka holds everything before {@code position} according to the broker (the transaction
     * of a former run that committed after its last local acknowledgement); the records
     * skipped are counted out of {@link #pending()}.
     */
    public void ackCommitted(long position) {
        long acked = ackFile.getLong(0);
        if (position > acked) {
            ack(position, (int) (countFrom(acked) - countFrom(position)));
        }
        rewind();
    }

    /** The next {@link #poll} starts again at the acknowledged position (a batch Kafka did not take). */
    public void rewind() {
        readPosition = ackFile.getLong(0);
    }

    @Override
    public void close() {
        ackFile.force();
    }

    private long countFrom(long from) {
        long count = 0;
        long position = from;
        synchronized (this) {
            while (segmentOf(position) <= headIndex) {
                MappedByteBuffer segment = segments.get(segmentOf(position));
                int offset = offsetOf(position);
                int length = segment == null || offset + HEADER > segmentBytes ? 0 : segment.getInt(offset);
                if (length <= 0) {
                    position = position(segmentOf(position) + 1, 0);
                } else {
                    count++;
                    position = position(segmentOf(position), offset + align(length));
                }
            }
        }
        return count;
    }

    private synchronized MappedByteBuffer segment(int index) {
        return segments.get(index);
    }

    private synchronized void deleteSegmentsBefore(int index) {
        while (!segments.isEmpty() && segments.firstKey() < index) {
            int first = segments.pollFirstEntry().getKey();
            try {
                Files.deleteIfExists(segmentPath(first));
            } catch (IOException e) {
                // left behind: deleted at the next start, which skips it anyway
            }
        }
    }

    private Path segmentPath(int index) {
        return dir.resolve(String.format("%s%010d%s", PREFIX, index, SUFFIX));
    }

    private static MappedByteBuffer map(Path file, int bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
        }
    }

    private static String instanceId(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, UUID.randomUUID().toString());
        }
        return Files.readString(file).trim();
    }

    static long position(int segment, int offset) {
        return ((long) segment << 32) | offset;
    }

    static int segmentOf(long position) {
        return (int) (position >>> 32);
    }

    static int offsetOf(long position) {
        return (int) position;
    }

    private static int align(int length) {
        return (length + 3) & ~3;
    }
}
