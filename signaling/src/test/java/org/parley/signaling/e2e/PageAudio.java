package org.parley.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.parley.signaling.browser.BrowserPage;

/**
 * What the Chromium tests do with the web apps beyond clicks: wait for audio on one m-line through the
 * test hook ({@code window.parley}: {@code state()} and {@code inboundStats()}), pick a select's option,
 * and take screenshots of a page.
 */
final class PageAudio {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private PageAudio() {
    }

    /** The inbound-rtp report of m-line {@code mid}, or a missing node. */
    static JsonNode inbound(BrowserPage page, String mid) {
        JsonNode stats = page.evaluate("window.parley.inboundStats()");
        for (JsonNode report : stats) {
            if (mid.equals(report.path("mid").asText())) {
                return report;
            }
        }
        return stats.path("no inbound report for mid " + mid);
    }

    /**
     * Waits until m-line {@code mid} has received more than {@code packets} packets and its audio has
     * a level; on failure says what the page's state and stats were.
     */
    static void awaitAudio(BrowserPage page, String mid, long packets, Duration timeout) {
        awaitStats(page, "window.parley.inboundStats().then(s => s.some(x => x.mid === '" + mid
                + "' && x.packetsReceived > " + packets + " && x.audioLevel > 0))", "no audio on mid " + mid, timeout);
    }

    /** Waits for a condition on the page's stats; on failure says what the page's state and stats were. */
    static void awaitStats(BrowserPage page, String condition, String failure, Duration timeout) {
        try {
            page.waitFor(condition, timeout);
        } catch (RuntimeException e) {
            String state;
            try {
                state = page.evaluate("window.parley.state()") + " stats=" + page.evaluate("window.parley.inboundStats()");
            } catch (RuntimeException inner) {
                state = "(state unavailable: " + inner.getMessage() + ")";
            }
            throw new AssertionError(failure + "; page state: " + state, e);
        }
    }

    /** Picks {@code value} in the page's select {@code id} as a user would: the value, then its change event. */
    static void select(BrowserPage page, String id, String value) {
        page.evaluate("(() => { const s = document.getElementById('" + id + "'); s.value = '" + value
                + "'; s.dispatchEvent(new Event('change')); })()");
    }

    /** Writes {@code <name>-desktop.png} (1280 px wide) and {@code <name>-phone.png} (360 px), each of the whole page. */
    static void screenshots(BrowserPage page, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        page.call("Page.bringToFront", null); // a background tab does not paint
        page.screenshotWholePage(SCREENSHOTS.resolve(name + "-desktop.png"), 1280, 800);
        page.screenshotWholePage(SCREENSHOTS.resolve(name + "-phone.png"), 360, 740);
    }
}
