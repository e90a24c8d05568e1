package org.parley.signaling.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end checks of the Chromium harness against the browser's real WebRTC stack: two
 * RTCPeerConnections in one page exchange a 1 kHz tone from the fake microphone over loopback,
 * and Java checks the receiver's statistics and spectrum.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChromiumWebRtcTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Path SCREENSHOTS = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
    private static final Duration AUDIO_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path temp;

    private static StaticResourceServer pages;
    private static Chromium chromium;

    @BeforeAll
    static void startBrowser() throws IOException {
        Path tone = temp.resolve("tone-1khz.wav");
        WavFile.writeTone(tone, 1000, 5, 48_000);
        pages = StaticResourceServer.start("browser");
        long start = System.nanoTime();
        chromium = Chromium.builder().fakeAudioCapture(tone).launch();
        System.out.printf("Chromium started in %d ms%n", elapsedMillis(start));
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            long start = System.nanoTime();
            chromium.close();
            System.out.printf("Chromium closed in %d ms%n", elapsedMillis(start));
        }
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    void toneFromFakeMicrophoneReachesTheOtherPeerConnection() throws IOException {
        try (BrowserPage page = chromium.newPage()) {
            long start = System.nanoTime();
            page.navigate(pages.url("loopback-call.html").toString());
            long loaded = elapsedMillis(start);

            page.waitFor("inboundAudio().then(s => s !== null && s.packetsReceived > 50 && s.audioLevel > 0)",
                    AUDIO_TIMEOUT);
            long audio = elapsedMillis(start);
            // The fake microphone plays our WAV, not Chromium's built-in beep: the spectrum peaks at 1 kHz.
            page.waitFor("Math.abs(dominantFrequency() - 1000) < 25", AUDIO_TIMEOUT);
            double frequency = page.evaluate("dominantFrequency()").asDouble();

            JsonNode stats = page.evaluate("inboundAudio()");
            String context = "stats " + stats + "\nconsole:\n" + page.consoleText();
            assertTrue(stats.path("packetsReceived").asLong() > 50, context);
            assertTrue(stats.path("audioLevel").asDouble() > 0, context);
            assertEquals("negotiated", page.evaluate("loopbackCall.state").asText(), context);
            assertEquals(1000, frequency, 25, context);

            Path wide = SCREENSHOTS.resolve("loopback-call-1280x800.png");
            Path narrow = SCREENSHOTS.resolve("loopback-call-360x740.png");
            page.screenshot(wide, 1280, 800);
            page.screenshot(narrow, 360, 740);
            assertPng(wide);
            assertPng(narrow);

            System.out.printf("page loaded in %d ms, audio flowing after %d ms, screenshots after %d ms: %s,"
                    + " dominant frequency %.1f Hz%n", loaded, audio, elapsedMillis(start), stats, frequency);
        }
    }

    @Test
    void twoTabsKeepTheirOwnState() {
        try (BrowserPage first = chromium.newPage(); BrowserPage second = chromium.newPage()) {
            first.navigate(pages.url("hello.html").toString());
            assertEquals("Hello from Parley", first.evaluate("document.title").asText());
            assertEquals("about:blank", second.evaluate("location.href").asText());

            first.evaluate("globalThis.tab = 'first'");
            second.evaluate("globalThis.tab = 'second'");

            assertEquals("first", first.evaluate("tab").asText());
            assertEquals("second", second.evaluate("tab").asText());
            assertEquals(42, first.evaluate("new Promise(resolve => setTimeout(() => resolve(6 * 7), 20))").asInt());
            assertEquals("[1,\"two\",{\"three\":3}]", second.evaluate("[1, 'two', {three: 3}]").toString());
        }
    }

    @Test
    void javaScriptErrorsCarryTheirMessage() {
        try (BrowserPage page = chromium.newPage()) {
            JavaScriptException thrown = assertThrows(JavaScriptException.class,
                    () -> page.evaluate("(() => { throw new Error('thrown in the page'); })()"));
            assertTrue(thrown.getMessage().contains("thrown in the page"), thrown.getMessage());

            JavaScriptException rejected = assertThrows(JavaScriptException.class,
                    () -> page.evaluate("Promise.reject(new TypeError('rejected in the page'))"));
            assertTrue(rejected.getMessage().contains("TypeError: rejected in the page"), rejected.getMessage());
        }
    }

    @Test
    void consoleOutputIsCollectedAndFailedWaitsReportIt() {
        try (BrowserPage page = chromium.newPage()) {
            page.evaluate("console.warn('visible to Java', 7)");
            page.evaluate("0"); // One more round trip, in case the console event trails the response.
            assertTrue(page.consoleMessages().contains(new ConsoleMessage("console", "warning", "visible to Java 7")),
                    page.consoleText());

            DevToolsException timeout = assertThrows(DevToolsException.class,
                    () -> page.waitFor("window.neverSet === true", Duration.ofMillis(300)));
            assertTrue(timeout.getMessage().contains("window.neverSet === true"), timeout.getMessage());
            assertTrue(timeout.getMessage().contains("visible to Java 7"), timeout.getMessage());
        }
    }

    @Test
    void waitForGivesUpOnAConditionThatNeverSettles() {
        try (BrowserPage page = chromium.newPage()) {
            DevToolsException failure = assertThrows(DevToolsException.class,
                    () -> page.waitFor("new Promise(() => {})", Duration.ofMillis(500)));
            assertTrue(failure.getMessage().contains("condition not met within 500 ms"), failure.getMessage());
        }
    }

    @Test
    void fragmentNavigationNeedsNoLoadEvent() {
        try (BrowserPage page = chromium.newPage()) {
            String url = pages.url("hello.html").toString();
            page.navigate(url);
            page.evaluate("globalThis.sameDocument = true");
            page.navigate(url + "#later");
            assertEquals("#later", page.evaluate("location.hash").asText());
            assertTrue(page.evaluate("globalThis.sameDocument").asBoolean(), "the page was reloaded");
        }
    }

    @Test
    void navigationToAClosedPortFails() {
        try (BrowserPage page = chromium.newPage()) {
            // Port 9 (discard) is closed on loopback here; Chromium reports the refused connection.
            DevToolsException failure = assertThrows(DevToolsException.class,
                    () -> page.navigate("http://127.0.0.1:9/"));
            assertTrue(failure.getMessage().contains("net::ERR_"), failure.getMessage());
        }
    }

    private static void assertPng(Path file) throws IOException {
        assertTrue(Files.size(file) > PNG_SIGNATURE.length, file + " is empty");
        try (InputStream in = Files.newInputStream(file)) {
            assertArrayEquals(PNG_SIGNATURE, in.readNBytes(PNG_SIGNATURE.length), file + " is not a PNG");
        }
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
