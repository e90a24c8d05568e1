package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;
import org.parley.signaling.peer.SignalingClient;

/**
 * The delegate page's listen-only mode in real headless Chromium: a meeting's listen-only link
 * ({@code /?meeting=ID&listen}) opens the delegate page, which joins as an anonymous observer, negotiates
 * one recvonly m-line, follows the channel of the page's language (server-mixed) and plays it; it shows no
 * hand, no microphone, no floor, and the delegate publishing on the floor is never told of it. Choosing
 * another channel switches on the same line. Screenshots under target/screenshots.
 */
@Timeout(120)
class ListenOnlyDelegateChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void theListenOnlyLinkPlaysTheChannelOnOneLineWithoutAnyRosterOrMicrophone() throws Exception {
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server);
             Chromium chromium = Chromium.builder().acceptLanguage("fr").launch();
             BrowserPage page = chromium.newPage()) {
            String meeting = api.createMeeting("""
                    {"title": "Plenary", "languages": ["en", "fr"], "floorLanguage": "en",
                     "booths": [{"language": "fr"}], "floorControl": "open", "anonymousObservers": true}
                    """);
            SignalingClient speaker = api.join(meeting, "{\"role\": \"delegate\", \"name\": \"Floor\"}");
            try (TonePeer floor = TonePeer.publishing(speaker, 440)) {
                page.navigate("http://127.0.0.1:" + server.httpPort() + "/?meeting=" + meeting + "&listen");
                page.waitFor("window.parley && window.parley.state().channel", TIMEOUT);

                JsonNode state = page.evaluate("window.parley.state()");
                assertEquals("observer", state.get("role").asText(), state.toString());
                assertEquals(1, state.get("lines").asInt(), "one recvonly m-line: " + state);
                assertTrue(state.get("floorMid").isNull(), state.toString());
                assertTrue(state.get("channel").asText().startsWith("channel/" + meeting + "/fr/mixed/"),
                        "the page's language, mixed by the server: " + state);
                assertFalse(state.get("floorSlider").asBoolean(), "the server mixes the floor under the channel");
                assertTrue(state.get("controlsHidden").asBoolean(), "no hand, no microphone: " + state);
                assertFalse(state.get("problems").toString().contains("microphone"), state.toString());
                assertEquals("recvonly", page.evaluate("window.parley.direction()").asText());
                PageAudio.awaitAudio(page, state.get("mid").asText(), 50, TIMEOUT);
                PageAudio.screenshots(page, "delegate-listen-only");

                // Another channel: the same line follows it, no renegotiation.
                assertTrue(page.evaluate("window.parley.choose('en')").asText().startsWith("channel/" + meeting + "/en/mixed/"));
                assertEquals(1, page.evaluate("window.parley.state().lines").asInt());
                assertEquals(1, server.meetings().meeting(meeting).observerCount());
                assertEquals(1, server.meetings().meeting(meeting).size(), "only the floor delegate is in the roster");
                assertEquals("pong", speaker.request(SignalingClient.message("ping"), TIMEOUT).get("type").asText());
                for (JsonNode event : speaker.events()) {
                    assertFalse(event.path("type").asText().startsWith("participant"), "told of the observer: " + event);
                }
            }
        }
    }
}
