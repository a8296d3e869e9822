package io.keyledger.local.guard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One stack per data directory. The operating system releases the lock when the process
 * dies, however it dies, so there is never a stale lock to clean up; the pid written into
 * the file is only there to tell the user who holds it.
 */
public final class DataDirLock implements AutoCloseable {

    public static final String FILE_NAME = ".lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDir}, creating the directory if needed.
     *
     * @throws AlreadyRunningException when another stack (this process included) holds it
     */
    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new AlreadyRunningException(dataDir, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new DataDirLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                channel.truncate(0);
                lock.release();
            }
        } catch (IOException ignored) {
            // the lock goes with the channel anyway
        } finally {
            closeQuietly(channel);
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        return pid.matches("\\d+") ? pid : null;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    /** Another stack runs on the same data directory. */
    public static final class AlreadyRunningException extends RuntimeException {

        private final transient Path dataDir;
        private final String pid;

        AlreadyRunningException(Path dataDir, String pid) {
            super("keyledger is already running (data dir " + dataDir + (pid == null ? "" : ", pid " + pid) + ")");
            this.dataDir = dataDir;
            this.pid = pid;
        }

        public Path dataDir() {
            return dataDir;
        }

        /** Pid of the holder as it wrote it, or null when unknown. */
        public String pid() {
            return pid;
        }
    }
}
