package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.mixer.jitter.JitterBuffer;
import org.parley.mixer.pipeline.SourceInput;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.peer.ReceiveSlot;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.ToneAnalyzer;
import org.parley.signaling.peer.WebRtcPeer;

/**
 * An interpreter on a lossy uplink: 10 % of the RTP packets from the interpreter's libwebrtc peer
 * to the server are dropped at random by a {@link LossyUdpProxy}. The server's jitter buffer
 * repairs the interpreter's stream (Opus in-band FEC, else packet loss concealment) before the mix,
 * so a listener of French hears continuous audio.
 */
@Timeout(60)
class InterpretationLossEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final double FLOOR_HZ = 440;
    private static final double INTERPRETER_HZ = 1000;
    private static final double DROP_RATIO = 0.10;
    private static final long SEED = 20261124L;
    /** Long enough for a few hundred interpreter packets to cross the lossy link. */
    private static final long LISTEN_MILLIS = 5000;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
                {"title": "Council", "languages": ["fr", "en"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                 "floorControl": "open"}
                """);

    @Test
    void listenerHearsTheInterpreterContinuouslyDespiteTenPercentUplinkLoss() throws Exception {
        try (LossyUdpProxy proxy = new LossyUdpProxy(LossyUdpProxy.DropPolicy.random(DROP_RATIO, SEED));
             SignalingClient floorSignaling = meeting.join("{\"role\": \"delegate\", \"name\": \"Floor\"}");
             WebRtcPeer floor = WebRtcPeer.publisher(FLOOR_HZ);
             SignalingClient interpreterSignaling = meeting.join("{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}");
             WebRtcPeer interpreter = WebRtcPeer.publisher(INTERPRETER_HZ);
             SignalingClient listenerSignaling = meeting.join("{\"role\": \"delegate\", \"name\": \"Listener\"}");
             WebRtcPeer listener = WebRtcPeer.subscriber()) {

            connect(floor, floorSignaling);
            JsonNode interpreterAnswer = interpreterSignaling.offer(interpreter.createOffer());
            interpreter.setAnswer(proxy.rewriteAnswer(interpreterAnswer.get("sdp").asText()));
            interpreter.awaitConnected(TIMEOUT);
            String interpreterSource = interpreterAnswer.get("producers").get(0).asText();
            ReceiveSlot slot = listener.addRecvOnlyAudio();
            connect(listener, listenerSignaling);

            JsonNode mic = interpreterSignaling.request(SignalingClient.message("micOn"), TIMEOUT);
            assertEquals("granted", mic.get("status").asText(), mic.toString());
            listenerSignaling.request(SignalingClient.message("subscribeChannel").put("mid", slot.mid())
                    .put("language", "fr").put("variant", "clean").put("tier", "standard"), TIMEOUT);
            listener.awaitSamples(slot.mid(), 48_000, TIMEOUT);
            Thread.sleep(LISTEN_MILLIS);

            int rate = listener.sampleRate();
            short[] lastSecond = slot.recentSamples(rate);
            assertFalse(ToneAnalyzer.hasGapLongerThan(lastSecond, rate, 40, -50),
                    "longest gap " + ToneAnalyzer.longestGapMillis(lastSecond, rate, -50) + " ms");
            double dominant = ToneAnalyzer.dominantFrequency(lastSecond, rate);
            assertEquals(INTERPRETER_HZ, dominant, 10, "fr clean: the listener hears " + dominant + " Hz");

            assertTrue(proxy.dropped() > 0, "the proxy dropped nothing (relayed " + proxy.relayed() + ")");
            JitterBuffer jitter = jitterBufferOf(interpreterSource);
            assertTrue(jitter.lost() > 0, "the server saw no loss: " + counters(jitter, proxy));
            assertTrue(jitter.recoveredByFec() + jitter.concealed() > 0, "nothing repaired: " + counters(jitter, proxy));
        }
    }

    private JitterBuffer jitterBufferOf(String sourceId) {
        MeetingChannels channels = meeting.server().interpretation().orElseThrow().existing(meeting.id());
        assertNotNull(channels, "the meeting has interpretation channels");
        SourceInput source = channels.source(sourceId);
        assertNotNull(source, sourceId + " feeds the mix");
        return source.jitterBuffer();
    }

    private static String counters(JitterBuffer jitter, LossyUdpProxy proxy) {
        return "dropped " + proxy.dropped() + ", received " + jitter.received() + ", lost " + jitter.lost()
                + ", recovered " + jitter.recoveredByFec() + ", concealed " + jitter.concealed();
    }

    private static void connect(WebRtcPeer peer, SignalingClient signaling) throws Exception {
        peer.setAnswer(signaling.offer(peer.createOffer()).get("sdp").asText());
        peer.awaitConnected(TIMEOUT);
    }
}
