package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;
import org.parley.signaling.browser.WavFile;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.TlsConfig;
import org.parley.signaling.tls.SelfSignedCertificate;
import org.parley.signaling.tls.TestCertificates;

/**
 * A remote delegate as browsers see one: the page comes from {@code https://parley.test:PORT}, an
 * origin that is not loopback (Chromium resolves the name to 127.0.0.1 and accepts the test
 * certificate by its SPKI hash, nothing else), so only TLS makes it a secure context that may open
 * the microphone. The delegate opens its invitation link (built from {@code http.publicUrl}),
 * publishes the fake microphone over WSS signaling, and the chair hears it.
 */
@Timeout(120)
class HttpsDelegateChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String HOST = "parley.test";

    @TempDir
    Path dir;

    @Test
    void aDelegateOnAnHttpsOriginGetsItsMicrophoneAndIsHeard() throws Exception {
        Path wav = dir.resolve("tone.wav");
        WavFile.writeTone(wav, 1000, 10, 48_000);
        TestCertificates.PemPair certificate = TestCertificates.write(dir, HOST, SelfSignedCertificate.KeyType.EC,
                HOST, "127.0.0.1");
        int port = freeLoopbackPort(); // the public URL names the port, so it is chosen before the start
        HttpConfig https = new HttpConfig("127.0.0.1", port)
                .withTls(new TlsConfig.PemFiles(certificate.certificate(), certificate.privateKey()))
                .withPublicUrl(URI.create("https://" + HOST + ":" + port));
        try (ParleyServer server = MediaTestServer.start(https);
             AdminApi api = new AdminApi(server, certificate.trustingIt());
             Chromium chromium = Chromium.builder().fakeAudioCapture(wav)
                     .resolve(HOST, "127.0.0.1")
                     .acceptCertificate(certificate.spkiSha256())
                     .launch();
             BrowserPage chair = chromium.newPage();
             BrowserPage delegate = chromium.newPage()) {
            String meeting = api.createMeeting("""
                    {"title": "Plenary", "languages": ["en", "fr"], "floorLanguage": "en", "floorControl": "open"}
                    """);
            String chairJoinUrl = api.invite(meeting, "{\"role\": \"chair\", \"name\": \"Chris\"}").get("joinUrl").asText();
            String delegateJoinUrl = api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText();
            assertTrue(delegateJoinUrl.startsWith("https://" + HOST + ":" + port + "/?token="), delegateJoinUrl);

            chair.navigate(chairJoinUrl);
            chair.waitFor("window.parley && window.parley.state().role === 'chair'", TIMEOUT);
            delegate.navigate(delegateJoinUrl);
            delegate.waitFor("window.parley && window.parley.state().channel", TIMEOUT);
            assertEquals("https://" + HOST + ":" + port, delegate.evaluate("location.origin").asText());
            assertEquals("true", delegate.evaluate("String(window.isSecureContext)").asText(),
                    "TLS makes the non-loopback origin a secure context");

            // The floor is open: the delegate turns its microphone on, publishes, and the chair hears it.
            String adaId = delegate.evaluate("window.parley.state().participantId").asText();
            delegate.waitFor("!document.getElementById('mic').disabled", TIMEOUT);
            delegate.evaluate("document.getElementById('mic').click()");
            delegate.waitFor("window.parley.state().micOn", TIMEOUT);
            chair.waitFor("window.parley.state().voiceMids['" + adaId + "'] !== undefined", TIMEOUT);
            String adaMid = chair.evaluate("window.parley.state().voiceMids['" + adaId + "']").asText();
            PageAudio.awaitAudio(chair, adaMid, 50, TIMEOUT);
            assertTrue(PageAudio.inbound(chair, adaMid).get("packetsReceived").asLong() > 50);
        }
    }

    private static int freeLoopbackPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
