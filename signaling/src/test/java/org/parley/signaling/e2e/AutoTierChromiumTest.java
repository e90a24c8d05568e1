package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;
import org.parley.signaling.browser.DevToolsConnection;

/**
 * The delegate page's "Automatic" connection in headless Chromium on a link that loses a quarter of
 * the server's RTP packets: the page's own peer connection is pointed at a {@link LossyUdpProxy} (a
 * script rewrites the server's host candidate in the answer before the page applies it). Chromium's
 * reception reports move the channel from {@code standard} to {@code low}, and the page turns to one
 * server-mixed stream on the same m-line, tells the listener why, and keeps receiving audio.
 */
@Timeout(120)
class AutoTierChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Chromium reports on received audio about every 5 s; two reports at most should do. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(40);

    @Test
    void automaticStepsDownToOneNarrowerStreamOnALossyLinkAndKeepsPlaying() throws Exception {
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server);
             LossyUdpProxy proxy = new LossyUdpProxy(LossyUdpProxy.DropPolicy.NONE,
                     LossyUdpProxy.DropPolicy.random(0.25, 20261124L));
             Chromium chromium = Chromium.launch();
             BrowserPage delegate = chromium.newPage()) {
            String meeting = api.createMeeting("""
                    {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                     "floorControl": "open"}
                    """);
            proxy.relayTo(server.media().orElseThrow().udpPort());
            try (TonePeer floor = TonePeer.publishing(api.join(meeting, "{\"role\": \"delegate\", \"name\": \"Floor\"}"), 440)) {
                delegate.call("Page.addScriptToEvaluateOnNewDocument",
                        DevToolsConnection.params().put("source", answerThroughRelay(proxy.port())));
                delegate.navigate(api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText());

                delegate.waitFor("window.parley && window.parley.state().floorChannel", TIMEOUT); // both m-lines followed
                JsonNode start = delegate.evaluate("window.parley.state()");
                assertEquals("auto", start.get("selection").get("tier").asText(), start.toString());
                assertEquals("standard", start.get("autoTier").asText(), start.toString());
                assertTrue(start.get("channel").asText().endsWith("/en/clean/standard"), start.toString());
                assertTrue(start.get("floorChannel").asText().endsWith("/floor/mixed/standard"), start.toString());
                String mid = start.get("mid").asText();
                PageAudio.awaitAudio(delegate, mid, 50, TIMEOUT);

                delegate.waitFor("window.parley.state().autoTier === 'low'", STEP_TIMEOUT);
                delegate.waitFor("window.parley.state().channel.endsWith('/en/mixed/low')", TIMEOUT);
                JsonNode low = delegate.evaluate("window.parley.state()");
                assertEquals(mid, low.get("mid").asText(), "the same m-line: " + low);
                assertTrue(low.get("floorChannel").isNull(), "one stream on a weak link: " + low);
                assertTrue(low.get("status").asText().contains("losing audio"), low.toString());
                assertTrue(low.get("status").asText().contains("automatic"), low.toString());
                long before = PageAudio.inbound(delegate, mid).get("packetsReceived").asLong();
                PageAudio.awaitAudio(delegate, mid, before + 20, TIMEOUT);
                assertTrue(proxy.dropped() > 0, "the relay dropped nothing");
            }
        }
    }

    /** Before any page script: the server's 127.0.0.1 host candidate in an answer becomes the relay's port. */
    private static String answerThroughRelay(int port) {
        return """
                (() => {
                  const apply = RTCPeerConnection.prototype.setRemoteDescription;
                  RTCPeerConnection.prototype.setRemoteDescription = function (description) {
                    const sdp = description.sdp.replace(
                        /(a=candidate:\\S+ \\d+ udp \\d+ 127\\.0\\.0\\.1 )(\\d+)( typ host)/gi, '$1%d$3');
                    return apply.call(this, {type: description.type, sdp});
                  };
                })();
                """.formatted(port);
    }
}
