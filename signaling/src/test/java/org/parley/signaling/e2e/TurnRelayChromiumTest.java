package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;
import org.parley.signaling.browser.DevToolsConnection;
import org.parley.signaling.config.TurnConfig;
import org.parley.signaling.turn.TurnCredentials;

/**
 * TURN with coturn, both on loopback: Parley hands the delegate page credentials for a coturn the test
 * starts ({@code joined.iceServers}); the page, made relay-only by a test script (no direct route is
 * allowed, as on a network that blocks UDP to the media server), hears the floor through coturn's relay,
 * per its getStats (audio on the channel's m-line, the selected pair's local candidate a {@code relay}).
 * Parley counts the page's path as {@code parley_transports{kind="turn"}} (coturn relays from
 * 127.0.0.2, the direct floor speaker comes from 127.0.0.1). Then coturn itself judges the credentials:
 * a fresh one allocates a relay, the same participant's credential past its expiry and a fresh username
 * with a wrong password are refused with 401.
 */
@Timeout(120)
class TurnRelayChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SECRET = "coturn-and-parley-share-this-one";
    /** coturn's address, listening and relaying: not the 127.0.0.1 of the direct peers. */
    private static final String TURN_HOST = "127.0.0.2";

    /**
     * Before any page script: every peer connection the page makes is relay-only, and the test can read
     * the configuration it was given and its selected candidate pair. A test hook, not a page setting.
     */
    private static final String RELAY_ONLY = """
            (() => {
              const Native = window.RTCPeerConnection;
              const made = [];
              const configurations = [];
              class RelayOnly extends Native {
                constructor(configuration) {
                  configurations.push(JSON.parse(JSON.stringify(configuration || {})));
                  super({...configuration, iceTransportPolicy: 'relay'});
                  made.push(this);
                }
              }
              window.RTCPeerConnection = RelayOnly;
              window.parleyTest = {
                configurations: () => configurations,
                selectedPair: async () => {
                  const report = await made[made.length - 1].getStats();
                  let pairId = null;
                  report.forEach((stats) => {
                    if (stats.type === 'transport' && stats.selectedCandidatePairId) {
                      pairId = stats.selectedCandidatePairId;
                    }
                  });
                  const pair = pairId && report.get(pairId);
                  return pair ? {state: pair.state, local: {...report.get(pair.localCandidateId)},
                    remote: {...report.get(pair.remoteCandidateId)}} : null;
                },
              };
            })();
            """;

    @Test
    void aRelayOnlyPageHearsTheFloorThroughCoturnAndCoturnRefusesAnExpiredCredential() throws Exception {
        try (Coturn coturn = Coturn.start(SECRET, InetAddress.getByName(TURN_HOST))) {
            TurnConfig turn = new TurnConfig(List.of("turn:" + TURN_HOST + ":" + coturn.port() + "?transport=udp"), SECRET,
                    Duration.ofMinutes(10));
            try (ParleyServer server = MediaTestServer.start(config -> config.withTurn(Optional.of(turn)));
                 AdminApi api = new AdminApi(server);
                 Chromium chromium = Chromium.launch();
                 BrowserPage delegate = chromium.newPage()) {
                String meeting = api.createMeeting("""
                        {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                         "floorControl": "open"}
                        """);
                try (TonePeer floor = TonePeer.publishing(api.join(meeting, "{\"role\": \"delegate\", \"name\": \"Floor\"}"), 440)) {
                    delegate.call("Page.addScriptToEvaluateOnNewDocument",
                            DevToolsConnection.params().put("source", RELAY_ONLY));
                    delegate.navigate(api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText());
                    delegate.waitFor("window.parley && window.parley.state().channel", TIMEOUT);
                    String mid = delegate.evaluate("window.parley.state().mid").asText();
                    try {
                        PageAudio.awaitAudio(delegate, mid, 50, TIMEOUT);
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + "\n--- coturn log ---\n" + coturn.log(), e);
                    }

                    // The page passed Parley's iceServers to its peer connection, credentials of its own.
                    String participantId = delegate.evaluate("window.parley.state().participantId").asText();
                    JsonNode iceServer = delegate.evaluate("window.parleyTest.configurations()").get(0).get("iceServers").get(0);
                    assertEquals(turn.urls().get(0), iceServer.get("urls").get(0).asText(), iceServer.toString());
                    assertTrue(iceServer.get("username").asText().endsWith(":" + participantId), iceServer.toString());

                    JsonNode pair = delegate.evaluate("window.parleyTest.selectedPair()");
                    assertEquals("succeeded", pair.path("state").asText(), pair.toString());
                    assertEquals("relay", pair.path("local").path("candidateType").asText(), pair.toString());
                    assertEquals(server.media().orElseThrow().udpPort(), pair.path("remote").path("port").asInt(), pair.toString());

                    // The server tells the relayed path from the floor speaker's direct one by its address.
                    try (HttpClient http = HttpClient.newHttpClient()) {
                        MetricsScrape scrape = MetricsScrape.get(http, server.httpPort());
                        assertEquals(1, scrape.value("parley_transports", "kind", "turn"), "the page, through coturn");
                        assertEquals(1, scrape.value("parley_transports", "kind", "udp"), "the floor speaker, directly");
                    }
                }
            }

            // coturn decides on credentials by itself, from the shared secret and the expiry in the username.
            TurnCredentials.IceServer fresh = new TurnCredentials(turn, Clock.systemUTC()).issue("ada");
            TurnAllocation.Outcome allocated = TurnAllocation.allocate(coturn.address(), fresh.username(), fresh.credential(),
                    Duration.ofSeconds(5));
            assertTrue(allocated.allocated(), "a fresh credential gets a relay: " + allocated);

            // Issued two minutes ago with a one-minute life: expired a minute ago.
            TurnCredentials.IceServer expired = new TurnCredentials(new TurnConfig(turn.urls(), SECRET, Duration.ofMinutes(1)),
                    Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-2))).issue("ada");
            assertTrue(expired.expiresAtEpochSecond() < System.currentTimeMillis() / 1000, expired.username());
            TurnAllocation.Outcome refused = TurnAllocation.allocate(coturn.address(), expired.username(),
                    expired.credential(), Duration.ofSeconds(5));
            assertFalse(refused.allocated(), "coturn must refuse an expired credential");
            assertEquals(401, refused.errorCode(), refused.toString());

            TurnCredentials.IceServer other = new TurnCredentials(turn, Clock.systemUTC()).issue("bob");
            TurnAllocation.Outcome forged = TurnAllocation.allocate(coturn.address(), other.username(), fresh.credential(),
                    Duration.ofSeconds(5));
            assertFalse(forged.allocated(), "another participant's password must not work: " + forged);
            assertEquals(401, forged.errorCode(), forged.toString());
        }
    }
}
