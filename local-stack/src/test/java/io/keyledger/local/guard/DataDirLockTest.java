package io.keyledger.local.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirLockTest {

    @TempDir
    Path tmp;

    @Test
    void createsTheDataDirAndRecordsTheHolder() throws Exception {
        Path dataDir = tmp.resolve("not/yet/there");

        try (DataDirLock lock = DataDirLock.acquire(dataDir)) {
            assertThat(lock.file()).isEqualTo(dataDir.resolve(".lock"));
            assertThat(Files.readString(lock.file()).trim()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
        }
    }

    @Test
    void secondAcquireInTheSameProcessIsRefusedUntilTheFirstIsClosed() {
        DataDirLock first = DataDirLock.acquire(tmp);

        assertThatThrownBy(() -> DataDirLock.acquire(tmp))
                .isInstanceOf(DataDirLock.AlreadyRunningException.class)
                .hasMessage("keyledger is already running (data dir " + tmp + ", pid " + ProcessHandle.current().pid() + ")");

        first.close();
        DataDirLock.acquire(tmp).close();
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedAndItsDeathFreesTheLock() throws Exception {
        Process holder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), tmp.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            assertThatThrownBy(() -> DataDirLock.acquire(tmp))
                    .isInstanceOfSatisfying(DataDirLock.AlreadyRunningException.class, e -> {
                        assertThat(e.pid()).isEqualTo(String.valueOf(holder.pid()));
                        assertThat(e.getMessage()).startsWith("keyledger is already running (data dir " + tmp);
                    });

            // kill -9: no chance to clean up, the OS still drops the lock
            holder.destroyForcibly();
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();

            try (DataDirLock lock = DataDirLock.acquire(tmp)) {
                assertThat(Files.readString(lock.file()).trim()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
            }
        } finally {
            holder.destroyForcibly();
        }
    }
}
