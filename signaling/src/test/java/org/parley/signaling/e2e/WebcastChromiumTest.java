package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;
import org.parley.signaling.peer.SignalingClient;

/**
 * The HLS webcast end to end with real peers: a floor speaker (libwebrtc, 440 Hz) and the French
 * interpreter (libwebrtc, 1 kHz, on air) in a meeting with its webcast on; headless Chromium opens
 * the webcast page, which plays the webcast through the vendored hls.js. The page's audio element
 * advances; a Web Audio analyser on it hears 1 kHz on French and, after switching to English (the
 * floor's language, no booth: the floor), 440 Hz; the switch keeps the playback position within one
 * segment. Screenshots under target/screenshots.
 *
 * <p>Captions: a captioner (a WebSocket client with an invitation from the API) writes captions; the page,
 * joined listen-only without an offer (an anonymous observer), shows those of the channel listened to: the
 * French ones on French, the floor language's on the floor and on English; after its WebSocket drops it joins
 * again and shows the next; while the audio plays they still come (held back by the audio's delay). In a
 * meeting that admits no anonymous observer the page shows no captions area and no error, and plays; with an
 * observer's invitation in its address it shows that meeting's captions.
 */
@Timeout(240)
class WebcastChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final double SEGMENT_SECONDS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePagePlaysFrenchThenEnglishAndKeepsItsPlaceWhenSwitching() throws Exception {
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server)) {
            String meeting = api.createMeeting("""
                    {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                     "floorControl": "open", "webcast": true}
                    """);
            try (TonePeer floor = TonePeer.publishing(api.join(meeting, "{\"role\": \"delegate\", \"name\": \"Floor\"}"), 440);
                 TonePeer interpreter = TonePeer.publishing(api.join(meeting,
                         "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}"), 1000)) {
                JsonNode mic = interpreter.signaling.request(SignalingClient.message("micOn"), Duration.ofSeconds(15));
                assertEquals("granted", mic.get("status").asText(), mic.toString());
                String base = "http://127.0.0.1:" + server.httpPort();
                awaitSegments(base + "/webcast/" + meeting + "/index.m3u8", 3);

                try (Chromium chromium = Chromium.builder().launch();
                     BrowserPage page = chromium.newPage()) {
                    page.navigate(base + "/webcast.html?meeting=" + meeting + "&lang=fr");
                    await(page, "window.parleyWebcast && window.parleyWebcast.state().tracks.length === 3", "three renditions");
                    JsonNode state = page.evaluate("window.parleyWebcast.state()");
                    assertEquals("hls.js", state.get("engine").asText(), state.toString());
                    int french = trackOf(state, "fr");
                    int english = trackOf(state, "en");
                    assertEquals(french, state.get("channel").asInt(), "the page starts on its own language: " + state);

                    page.evaluate("""
                            (() => {
                              const audio = document.getElementById('player');
                              const context = new AudioContext();
                              const analyser = context.createAnalyser();
                              analyser.fftSize = 8192;
                              analyser.smoothingTimeConstant = 0;
                              context.createMediaElementSource(audio).connect(analyser);
                              analyser.connect(context.destination);
                              const bins = new Float32Array(analyser.frequencyBinCount);
                              window.dominantHz = () => {
                                analyser.getFloatFrequencyData(bins);
                                let best = 1;
                                for (let i = 2; i < bins.length; i++) if (bins[i] > bins[best]) best = i;
                                return bins[best] > -80 ? best * context.sampleRate / analyser.fftSize : 0;
                              };
                              return context.resume();
                            })()""");
                    page.evaluate("document.getElementById('play').click()");
                    await(page, "document.getElementById('player').currentTime > 0.5", "playing");
                    double started = page.evaluate("document.getElementById('player').currentTime").asDouble();
                    page.waitFor("document.getElementById('player').currentTime > " + (started + 1.5), TIMEOUT);
                    awaitTone(page, 1000, "French: the interpreter");
                    PageAudio.screenshots(page, "webcast-fr");

                    double before = page.evaluate("document.getElementById('player').currentTime").asDouble();
                    long switchedAt = System.nanoTime();
                    page.evaluate("window.parleyWebcast.choose(" + english + ")");
                    awaitTone(page, 440, "English: the floor");
                    double after = page.evaluate("document.getElementById('player').currentTime").asDouble();
                    double elapsed = (System.nanoTime() - switchedAt) / 1e9;
                    assertTrue(after >= before - SEGMENT_SECONDS && after <= before + elapsed + SEGMENT_SECONDS,
                            "position " + before + " s before the switch, " + after + " s when English plays, "
                                    + elapsed + " s later");
                    assertEquals(english, page.evaluate("window.parleyWebcast.state().hlsTrack").asInt());
                    double now = page.evaluate("document.getElementById('player').currentTime").asDouble();
                    page.waitFor("document.getElementById('player').currentTime > " + (now + 1), TIMEOUT);
                    PageAudio.screenshots(page, "webcast-en");
                }
            }
        }
    }

    @Test
    void thePageShowsTheCaptionsOfTheChannelListenedTo() throws Exception {
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server)) {
            String meeting = api.createMeeting("""
                    {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                     "floorControl": "open", "webcast": true, "anonymousObservers": true}
                    """);
            String closed = api.createMeeting("""
                    {"title": "Bureau", "languages": ["en", "fr"], "floorLanguage": "en", "floorControl": "open", "webcast": true}
                    """);
            try (TonePeer floor = TonePeer.publishing(api.join(meeting, "{\"role\": \"delegate\", \"name\": \"Floor\"}"), 440);
                 TonePeer closedFloor = TonePeer.publishing(api.join(closed, "{\"role\": \"delegate\", \"name\": \"Floor\"}"), 440);
                 SignalingClient captioner = api.join(meeting, "{\"role\": \"captioner\", \"name\": \"Cap\"}");
                 SignalingClient closedCaptioner = api.join(closed, "{\"role\": \"captioner\", \"name\": \"Cap\"}")) {
                String base = "http://127.0.0.1:" + server.httpPort();
                awaitSegments(base + "/webcast/" + meeting + "/index.m3u8", 3);
                awaitSegments(base + "/webcast/" + closed + "/index.m3u8", 3);

                try (Chromium chromium = Chromium.builder().launch();
                     BrowserPage page = chromium.newPage()) {
                    page.navigate(base + "/webcast.html?meeting=" + meeting + "&lang=fr");
                    await(page, "window.parleyWebcast && window.parleyWebcast.state().tracks.length === 3"
                            + " && window.parleyWebcast.captions().state === 'on'", "renditions and captions");
                    JsonNode state = page.evaluate("window.parleyWebcast.state()");
                    assertEquals(trackOf(state, "fr"), state.get("channel").asInt(), state.toString());
                    assertFalse(captions(page).get("panel").asBoolean(), "no captions yet, no area: " + captions(page));

                    // In this order on one connection: when the French one shows, the English one has arrived.
                    caption(captioner, "Good morning, everyone.", null);
                    caption(captioner, "Bonjour à toutes et à tous.", "fr");
                    awaitCaptions(page, "Bonjour à toutes et à tous.");
                    assertTrue(captions(page).get("panel").asBoolean());
                    assertEquals("fr", page.evaluate("document.querySelector('#captions li').lang").asText());
                    PageAudio.screenshots(page, "webcast-captions-fr");

                    page.evaluate("window.parleyWebcast.choose(" + trackOf(state, "") + ")");
                    awaitCaptions(page, "Good morning, everyone.");
                    page.evaluate("window.parleyWebcast.choose(" + trackOf(state, "en") + ")");
                    awaitCaptions(page, "Good morning, everyone.");
                    page.evaluate("window.parleyWebcast.choose(" + trackOf(state, "fr") + ")");
                    awaitCaptions(page, "Bonjour à toutes et à tous.");

                    page.evaluate("window.parleyWebcast.dropCaptions()");
                    await(page, "window.parleyWebcast.captions().recoveries >= 1"
                            + " && window.parleyWebcast.captions().state === 'on'", "captions joined again after the drop");
                    caption(captioner, "La séance reprend.", "fr");
                    awaitCaptions(page, "Bonjour à toutes et à tous.", "La séance reprend.");

                    page.evaluate("document.getElementById('play').click()");
                    await(page, "document.getElementById('player').currentTime > 0.5", "playing");
                    long sent = System.nanoTime();
                    caption(captioner, "Pendant l'écoute.", "fr");
                    awaitCaptions(page, "Bonjour à toutes et à tous.", "La séance reprend.", "Pendant l'écoute.");
                    System.out.printf("caption shown %.1f s after it was sent; the audio plays %.1f s behind live%n",
                            (System.nanoTime() - sent) / 1e9, captions(page).get("delay").asDouble());
                    assertNoException(page);

                    // A meeting that admits no anonymous observer: no captions area, no error, the webcast plays.
                    page.navigate(base + "/webcast.html?meeting=" + closed + "&lang=fr");
                    await(page, "window.parleyWebcast && window.parleyWebcast.state().tracks.length === 3"
                            + " && window.parleyWebcast.captions().state === 'TOKEN_REQUIRED'", "captions refused");
                    caption(closedCaptioner, "Personne ne lit ceci.", "fr");
                    page.evaluate("document.getElementById('play').click()");
                    await(page, "document.getElementById('player').currentTime > 0.5", "playing without captions");
                    JsonNode refused = captions(page);
                    assertFalse(refused.get("panel").asBoolean(), refused.toString());
                    assertEquals(0, refused.get("lines").size(), refused.toString());
                    assertEquals("", refused.get("status").asText(), refused.toString());
                    assertEquals("", page.evaluate("document.getElementById('problems').textContent").asText());
                    assertNoException(page);
                    PageAudio.screenshots(page, "webcast-no-captions");

                    // The same meeting with an observer's invitation in the address.
                    String token = api.invite(closed, "{\"role\": \"observer\", \"name\": \"Viewer\"}").get("token").asText();
                    page.navigate(base + "/webcast.html?meeting=" + closed + "&lang=fr&token=" + token);
                    await(page, "window.parleyWebcast && window.parleyWebcast.captions().state === 'on'", "invited captions");
                    caption(closedCaptioner, "Avec une invitation.", "fr");
                    awaitCaptions(page, "Avec une invitation.");
                    assertNoException(page);
                }
            }
        }
    }

    private static void caption(SignalingClient captioner, String text, String language) throws Exception {
        ObjectNode message = SignalingClient.message("caption").put("text", text);
        if (language != null) {
            message.put("language", language);
        }
        JsonNode reply = captioner.request(message, TIMEOUT);
        assertEquals("captionSent", reply.get("type").asText(), reply.toString());
    }

    private static JsonNode captions(BrowserPage page) {
        return page.evaluate("window.parleyWebcast.captions()");
    }

    /** Waits until the page's caption lines are {@code lines}, oldest first. */
    private static void awaitCaptions(BrowserPage page, String... lines) {
        String expected = JSON.valueToTree(lines).toString();
        await(page, "JSON.stringify(window.parleyWebcast.captions().lines) === JSON.stringify(" + expected + ")",
                "captions " + expected);
    }

    private static void assertNoException(BrowserPage page) {
        assertTrue(page.consoleMessages().stream().noneMatch(m -> m.source().equals("exception")), page.consoleText());
    }

    private static void await(BrowserPage page, String condition, String what) {
        try {
            page.waitFor(condition, TIMEOUT);
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": state " + page.evaluate("window.parleyWebcast && window.parleyWebcast.state()")
                    + ", captions " + page.evaluate("window.parleyWebcast && window.parleyWebcast.captions()")
                    + ", status " + page.evaluate("document.getElementById('status').textContent + ' '"
                    + " + document.getElementById('problems').textContent"), e);
        }
    }

    private static int trackOf(JsonNode state, String language) {
        JsonNode tracks = state.get("tracks");
        for (int i = 0; i < tracks.size(); i++) {
            if (language.equals(tracks.get(i).get("lang").asText())) {
                return i;
            }
        }
        throw new AssertionError("no " + language + " track: " + state);
    }

    private static void awaitTone(BrowserPage page, double hz, String what) {
        try {
            page.waitFor("Math.abs(window.dominantHz() - " + hz + ") < 25", TIMEOUT);
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": the page does not play " + hz + " Hz; it plays "
                    + page.evaluate("window.dominantHz()") + " Hz; state " + page.evaluate("window.parleyWebcast.state()"), e);
        }
    }

    /** Waits until the first rendition's live playlist lists {@code count} segments. */
    static void awaitSegments(String multivariant, int count) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create(multivariant)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String uri = index.body().lines().filter(l -> l.endsWith("live.m3u8") && !l.startsWith("#")).findFirst().orElse(null);
            if (index.statusCode() == 200 && uri != null) {
                HttpResponse<String> playlist = http.send(HttpRequest.newBuilder(URI.create(multivariant).resolve(uri)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = playlist.body();
                if (last.lines().filter(l -> l.endsWith(".m4s")).count() >= count) {
                    return;
                }
            } else {
                last = index.statusCode() + " " + index.body();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + count + " segments within " + TIMEOUT + "; last: " + last);
    }
}
