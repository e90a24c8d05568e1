package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.media.MediaConfig;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;

/**
 * The web apps say what is wrong, in their alert area (role="alert"), instead of failing silently:
 * <ul>
 *   <li>opened over plain http on a host name that is not loopback ({@code parley.test}, mapped to
 *       127.0.0.1 inside Chromium only), the delegate page says the microphone needs the https link,
 *       and still plays the floor;</li>
 *   <li>with the microphone denied (Chromium's fake permission prompt answering "Block"), the interpreter
 *       console and the delegate page say it is blocked and how to allow it, and still listen;</li>
 *   <li>when the server announces a media address nothing listens on (127.0.0.2, loopback), ICE never
 *       connects and the page says the network seems to block the media server, naming the port to ask IT
 *       about; the line stays while the page keeps trying.</li>
 * </ul>
 */
@Timeout(180)
class PageProblemsChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The page calls a route blocked after 15 s of unanswered ICE checks. */
    private static final Duration ICE_FAILURE_TIMEOUT = Duration.ofSeconds(40);
    private static final String PROBLEMS = "document.getElementById('problems')";

    @Test
    void aPlainHttpPageOnANamedHostSaysTheMicrophoneNeedsHttpsAndStillListens() throws Exception {
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server);
             Chromium chromium = Chromium.builder().argument("--host-resolver-rules=MAP parley.test 127.0.0.1").launch();
             BrowserPage delegate = chromium.newPage()) {
            String meeting = openMeeting(api);
            try (TonePeer floor = TonePeer.publishing(api.join(meeting, "{\"role\": \"delegate\", \"name\": \"Floor\"}"), 440)) {
                String joinUrl = api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText();
                delegate.navigate(joinUrl.replace("//127.0.0.1:", "//parley.test:"));
                assertFalse(delegate.evaluate("window.isSecureContext").asBoolean(), "http://parley.test is not secure");

                delegate.waitFor("window.parley && window.parley.state().channel", TIMEOUT);
                assertEquals("[\"microphone\"]", delegate.evaluate("window.parley.state().problems").toString());
                assertEquals("alert", delegate.evaluate(PROBLEMS + ".getAttribute('role')").asText());
                String text = delegate.evaluate(PROBLEMS + ".textContent").asText();
                assertTrue(text.contains("https://") && text.contains("Ask the organiser"), text);
                assertTrue(delegate.evaluate(PROBLEMS + ".offsetParent !== null").asBoolean(), "the alert is visible");
                PageAudio.awaitAudio(delegate, delegate.evaluate("window.parley.state().mid").asText(), 50, TIMEOUT);

                // Pressing the microphone anyway says the same, and nothing breaks.
                delegate.waitFor("!document.getElementById('mic').disabled", TIMEOUT);
                delegate.evaluate("document.getElementById('mic').click()");
                delegate.waitFor("window.parley.state().status.startsWith('Listening')", TIMEOUT);
                assertFalse(delegate.evaluate("window.parley.state().micOn").asBoolean());
                assertEquals("[\"microphone\"]", delegate.evaluate("window.parley.state().problems").toString());
                PageAudio.screenshots(delegate, "delegate-needs-https");
            }
        }
    }

    @Test
    void aDeniedMicrophoneIsExplainedAndTheConsolesStillListen() throws Exception {
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server);
             // Chromium's stand-in for the permission prompt, answering "Block" as a participant would.
             Chromium chromium = Chromium.builder().argument("--use-fake-ui-for-media-stream=deny").launch();
             BrowserPage interpreter = chromium.newPage();
             BrowserPage delegate = chromium.newPage()) {
            String meeting = openMeeting(api);
            try (TonePeer floor = TonePeer.publishing(api.join(meeting, "{\"role\": \"delegate\", \"name\": \"Floor\"}"), 440)) {
                interpreter.navigate(api.invite(meeting, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}")
                        .get("joinUrl").asText());
                interpreter.waitFor("window.parley && window.parley.state().problems.includes('microphone')", TIMEOUT);
                String text = interpreter.evaluate(PROBLEMS + ".textContent").asText();
                assertTrue(text.contains("microphone is blocked") && text.contains("Allow"), text);
                assertTrue(interpreter.evaluate("document.getElementById('mic').disabled").asBoolean(),
                        "no microphone, no microphone button");
                interpreter.waitFor("window.parley.state().hearing.includes('Floor')", TIMEOUT);
                interpreter.waitFor("window.parley.state().connectionState === 'connected'", TIMEOUT);

                delegate.navigate(api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText());
                delegate.waitFor("window.parley && window.parley.state().hasFloor && !document.getElementById('mic').disabled", TIMEOUT);
                assertEquals("[]", delegate.evaluate("window.parley.state().problems").toString(), "nothing wrong until it asks");
                delegate.evaluate("document.getElementById('mic').click()");
                delegate.waitFor("window.parley.state().problems.includes('microphone')", TIMEOUT);
                assertTrue(delegate.evaluate(PROBLEMS + ".textContent").asText().contains("microphone is blocked"));
                assertFalse(delegate.evaluate("window.parley.state().micOn").asBoolean());
                PageAudio.awaitAudio(delegate, delegate.evaluate("window.parley.state().mid").asText(), 50, TIMEOUT);
            }
        }
    }

    @Test
    void noRouteToTheMediaServerSaysTheNetworkBlocksItAndWhichPort() throws Exception {
        // Announced 127.0.0.2 while the media socket listens on 127.0.0.1 only: no check is ever answered.
        try (ParleyServer server = MediaTestServer.start(config -> config.withMedia(MediaConfig.udpOnly("127.0.0.1", "127.0.0.2", 0)));
             AdminApi api = new AdminApi(server);
             Chromium chromium = Chromium.launch();
             BrowserPage delegate = chromium.newPage()) {
            String meeting = openMeeting(api);
            delegate.navigate(api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText());
            delegate.waitFor("window.parley && window.parley.state().channel", TIMEOUT);
            assertEquals("[]", delegate.evaluate("window.parley.state().problems").toString());
            delegate.waitFor("window.parley.state().problems.includes('route')", ICE_FAILURE_TIMEOUT);
            String text = delegate.evaluate(PROBLEMS + ".textContent").asText();
            int port = server.media().orElseThrow().udpPort();
            assertTrue(text.contains("network seems to block") && text.contains("UDP port " + port + " to 127.0.0.2"), text);
            assertTrue(delegate.evaluate(PROBLEMS + ".offsetParent !== null").asBoolean(), "the alert is visible");
            assertTrue(delegate.evaluate("window.parley.state().connectionState !== 'connected'").asBoolean());
        }
    }

    private static String openMeeting(AdminApi api) throws Exception {
        return api.createMeeting("""
                {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                 "floorControl": "open"}
                """);
    }
}
