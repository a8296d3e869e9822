package io.keyledger.local.services;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceProcessTest {

    @TempDir
    Path tmp;

    @Test
    void servicesRunFromACopyThatARebuildDoesNotTouch() throws Exception {
        Path built = Files.writeString(Files.createDirectories(tmp.resolve("target")).resolve("query-service.jar"), "v1");
        Path runDir = tmp.resolve("data/run");

        Path copy = ServiceProcess.runCopy(built, runDir);
        assertThat(copy).isEqualTo(runDir.resolve("query-service.jar")).hasContent("v1");

        // rebuilt in place while the service runs: the running copy stays as it was
        Files.writeString(built, "v2 rebuilt");
        assertThat(copy).hasContent("v1");

        // next start picks the new build up
        assertThat(ServiceProcess.runCopy(built, runDir)).hasContent("v2 rebuilt");
        assertThat(runDir.resolve("query-service.jar.partial")).doesNotExist();
    }

    @Test
    void anUnchangedJarIsNotCopiedAgain() throws Exception {
        Path built = Files.writeString(tmp.resolve("command-service.jar"), "same");
        Files.setLastModifiedTime(built, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        Path copy = ServiceProcess.runCopy(built, tmp.resolve("run"));
        Object firstCopy = Files.readAttributes(copy, "unix:ino").get("ino");

        Path again = ServiceProcess.runCopy(built, tmp.resolve("run"));

        assertThat(again).isEqualTo(copy);
        assertThat(Files.readAttributes(again, "unix:ino").get("ino")).isEqualTo(firstCopy);
    }
}
