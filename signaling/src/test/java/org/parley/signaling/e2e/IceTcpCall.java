package org.parley.signaling.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.parley.media.MediaConfig;
import org.parley.media.MediaServer;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;
import org.parley.signaling.browser.DevToolsConnection;
import org.parley.signaling.browser.WavFile;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SipConfig;
import org.parley.signaling.config.StoreConfig;

/**
 * The client and server half of {@link IceTcpChromiumTest}, run as a child JVM inside the test's
 * network namespace (where UDP to the media port is dropped): a whole Parley server on the given
 * media ports, and headless Chromium with an interpreter live in the {@code fr} booth (a 1 kHz fake
 * microphone) and a delegate listening to French. Prints one line {@code ICE-TCP-RESULT {json}} with
 * each page's selected ICE candidate pair from {@code getStats}, the delegate's inbound audio and the
 * server's ICE-TCP counters and transport kinds, then exits 0; any failure exits 1 with its stack trace.
 */
public final class IceTcpCall {

    static final String RESULT = "ICE-TCP-RESULT ";
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps every RTCPeerConnection a page makes, so the test can read its selected pair. */
    private static final String RECORD_PEER_CONNECTIONS = """
            (() => {
              const Original = window.RTCPeerConnection;
              window.__pcs = [];
              window.RTCPeerConnection = function (...args) {
                const pc = new Original(...args);
                window.__pcs.push(pc);
                return pc;
              };
              window.RTCPeerConnection.prototype = Original.prototype;
            })();
            """;

    /** RTCStatsReport: transport → selectedCandidatePairId → local and remote candidates. */
    private static final String SELECTED_PAIRS = """
            (async () => {
              const out = [];
              for (const pc of window.__pcs) {
                if (pc.connectionState === 'closed') continue;
                const stats = await pc.getStats();
                let pair = null;
                stats.forEach((r) => { if (r.type === 'transport' && r.selectedCandidatePairId) pair = stats.get(r.selectedCandidatePairId); });
                const local = pair && stats.get(pair.localCandidateId);
                const remote = pair && stats.get(pair.remoteCandidateId);
                out.push({connectionState: pc.connectionState, pairState: pair && pair.state,
                  bytesReceived: pair && pair.bytesReceived,
                  local: local && {protocol: local.protocol, tcpType: local.tcpType, address: local.address},
                  remote: remote && {protocol: remote.protocol, tcpType: remote.tcpType, port: remote.port}});
              }
              return out;
            })()
            """;

    private IceTcpCall() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(RESULT + run(Integer.parseInt(args[0]), Integer.parseInt(args[1])));
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static String run(int udpPort, int tcpPort) throws Exception {
        Path wav = Files.createTempFile("parley-tone", ".wav");
        WavFile.writeTone(wav, 1000, 10, 48_000);
        ParleyConfig config = ParleyConfig.defaults()
                .withHttp(new HttpConfig("127.0.0.1", 0))
                .withSip(new SipConfig(false, "127.0.0.1", 0))
                .withMedia(new MediaConfig("127.0.0.1", "127.0.0.1", udpPort, tcpPort))
                .withStore(new StoreConfig(Files.createTempDirectory("parley-icetcp-store")));
        try (ParleyServer server = ParleyServer.start(config);
             AdminApi api = new AdminApi(server);
             Chromium chromium = Chromium.builder().fakeAudioCapture(wav).launch();
             BrowserPage interpreter = chromium.newPage();
             BrowserPage delegate = chromium.newPage()) {
            for (BrowserPage page : new BrowserPage[] {interpreter, delegate}) {
                page.call("Page.addScriptToEvaluateOnNewDocument",
                        DevToolsConnection.params().put("source", RECORD_PEER_CONNECTIONS));
            }
            String meeting = api.createMeeting("""
                    {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
                    """);
            interpreter.navigate(api.invite(meeting, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}")
                    .get("joinUrl").asText());
            delegate.navigate(api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText());
            interpreter.waitFor("window.parley && !document.getElementById('mic').disabled", TIMEOUT);
            interpreter.evaluate("document.getElementById('mic').click()");
            interpreter.waitFor("window.parley.state().live", TIMEOUT);
            delegate.waitFor("window.parley && window.parley.state().channel", TIMEOUT);
            delegate.evaluate("window.parley.choose('fr')");
            String mid = delegate.evaluate("window.parley.state().mid").asText();
            PageAudio.awaitAudio(delegate, mid, 100, TIMEOUT);

            MediaServer media = server.media().orElseThrow();
            ObjectNode result = JSON.createObjectNode();
            result.put("udpPort", media.udpPort());
            result.put("tcpPort", media.tcpPort());
            result.set("delegatePairs", delegate.evaluate(SELECTED_PAIRS));
            result.set("interpreterPairs", interpreter.evaluate(SELECTED_PAIRS));
            result.set("delegateInbound", PageAudio.inbound(delegate, mid));
            result.put("channel", delegate.evaluate("window.parley.state().channel").asText());
            result.put("tcpConnections", media.tcpConnections());
            result.put("tcpConnectionsAccepted", media.metrics().tcpConnectionsAccepted.count());
            for (String kind : List.of("tcp", "udp")) {
                result.put(kind + "Transports", server.meterRegistry().get("parley.transports").tag("kind", kind).gauge().value());
            }
            return JSON.writeValueAsString(result);
        } finally {
            Files.deleteIfExists(wav);
        }
    }
}
