package org.parley.signaling.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Launch failures must fail fast with a message that says what to do. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChromiumLaunchTest {

    @Test
    void missingBinaryTellsHowToInstallIt() {
        DevToolsException failure = assertThrows(DevToolsException.class,
                () -> Chromium.builder().executable(Path.of("/nonexistent/chromium")).launch());
        assertTrue(failure.getMessage().contains("apt-get install chromium"), failure.getMessage());
    }

    @Test
    void browserThatExitsEarlyIsReportedWithItsStderr(@TempDir Path temp) throws IOException {
        // A stand-in for a browser that crashes at startup.
        Path crashing = temp.resolve("crashing-chromium");
        Files.writeString(crashing, "#!/bin/sh\necho 'simulated startup crash' >&2\nexit 3\n");
        Files.setPosixFilePermissions(crashing, PosixFilePermissions.fromString("rwx------"));

        DevToolsException failure = assertThrows(DevToolsException.class,
                () -> Chromium.builder().executable(crashing).startupTimeout(Duration.ofSeconds(10)).launch());
        assertTrue(failure.getMessage().contains("exited with status 3"), failure.getMessage());
        assertTrue(failure.getMessage().contains("simulated startup crash"), failure.getMessage());
    }
}
