package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;
import org.parley.signaling.peer.ReceiveSlot;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.ToneAnalyzer;
import org.parley.signaling.peer.WebRtcPeer;

/**
 * What each tier costs on the wire, and the {@code low} tier fits a 16 kbit/s link: four libwebrtc
 * listeners of {@code fr/mixed}, one per tier, each receive through a {@link LossyUdpProxy} that
 * drops nothing and counts every datagram the server sends it (SRTP, SRTCP, ICE consent
 * responses). The rate those datagrams take on an IPv4 link (payload plus 20 bytes of IPv4 and 8
 * of UDP each), measured over the same 12 s, is at most 16,000 bit/s for {@code low}, and falls
 * from {@code studio} to {@code standard} to {@code low}, so that stepping a listener down relieves
 * its link. ({@code minimal} is measured and printed too, but not compared: its DTX takes the
 * interpreter's steady tone for background and sends less than it would for speech.) The
 * listener of {@code low} decodes every packet and hears the interpreter, not the floor.
 */
@Timeout(120)
class LowTierWireRateEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final double FLOOR_HZ = 440;
    private static final double INTERPRETER_HZ = 1000;
    private static final double LINK_BITS_PER_SECOND = 16_000;
    /** At least 10 s, and a whole number of RTCP report intervals (1 s) and packets (up to 120 ms). */
    private static final long MEASURE_MILLIS = 12_000;
    private static final List<String> TIERS = List.of("studio", "standard", "low", "minimal");
    /** The tiers without DTX, whose rate does not depend on what is said, from the top of the ladder. */
    private static final List<String> CONTINUOUS = List.of("studio", "standard", "low");
    /**
     * libwebrtc's jitter buffer plays 120 ms packets out with a pure tone's peak up to about 2 %
     * off (1017 Hz observed; libopus alone decodes it at 1000 Hz): far from the floor's 440 Hz.
     */
    private static final double TONE_TOLERANCE_HZ = 30;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
                {"title": "Council", "languages": ["fr", "en"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                 "floorControl": "open"}
                """);

    private record Listener(String tier, LossyUdpProxy proxy, SignalingClient signaling, WebRtcPeer peer,
                            ReceiveSlot slot) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            signaling.close();
            peer.close();
            proxy.close();
        }
    }

    @Test
    void steppingDownCostsLessOnTheWireThanTheOneAboveAndLowFitsSixteenKilobitsPerSecond() throws Exception {
        List<Listener> listeners = new ArrayList<>();
        try (TonePeer floor = TonePeer.publishing(meeting.join("{\"role\": \"delegate\", \"name\": \"Floor\"}"),
                     FLOOR_HZ);
             TonePeer interpreter = TonePeer.publishing(
                     meeting.join("{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}"),
                     INTERPRETER_HZ)) {
            JsonNode mic = interpreter.signaling.request(SignalingClient.message("micOn"), TIMEOUT);
            assertEquals("granted", mic.get("status").asText(), mic.toString());
            for (String tier : TIERS) {
                listeners.add(listen(tier));
            }
            for (Listener listener : listeners) {
                listener.peer.awaitSamples(listener.slot.mid(), 48_000, TIMEOUT);
            }

            Map<String, LossyUdpProxy.Downlink> start = new LinkedHashMap<>();
            Map<String, Long> packetsBefore = new LinkedHashMap<>();
            for (Listener listener : listeners) {
                start.put(listener.tier, listener.proxy.downlink());
                packetsBefore.put(listener.tier, listener.peer.packetsReceived());
            }
            Thread.sleep(MEASURE_MILLIS);
            Map<String, Double> rates = new LinkedHashMap<>();
            StringBuilder figures = new StringBuilder();
            for (Listener listener : listeners) {
                LossyUdpProxy.Downlink from = start.get(listener.tier);
                LossyUdpProxy.Downlink to = listener.proxy.downlink();
                Tier tier = TierSet.defaults().get(listener.tier);
                double total = to.ipv4BitsPerSecondSince(from);
                long rtpDatagrams = to.rtpDatagrams() - from.rtpDatagrams();
                long packets = listener.peer.packetsReceived() - packetsBefore.get(listener.tier);
                rates.put(listener.tier, total);
                String line = String.format(Locale.ROOT,
                        "fr/mixed/%s (%.1f kbit/s, %d ms): %.0f bit/s on the wire, of which RTP %.0f bit/s in %d"
                                + " packets of %.1f bytes (UDP payload), %d other datagrams (RTCP, STUN); %d packets"
                                + " decoded in %.1f s",
                        tier.name(), tier.bitrate() / 1000.0, tier.frameMillis(), total,
                        to.rtpIpv4BitsPerSecondSince(from), rtpDatagrams,
                        (double) (to.rtpBytes() - from.rtpBytes()) / Math.max(1, rtpDatagrams),
                        to.datagrams() - from.datagrams() - rtpDatagrams, packets, (to.nanos() - from.nanos()) / 1e9);
                System.out.println(line);
                figures.append(line).append('\n');
                if (tier.name().equals("low")) {
                    // It is the low tier's stream being measured: one packet per frame, all of them decoded.
                    double expected = (double) (to.nanos() - from.nanos()) / 1e6 / tier.frameMillis();
                    assertEquals(expected, rtpDatagrams, 3, line);
                    assertEquals(expected, packets, 3, "packets the listener counted; " + line);
                }
            }
            assertTrue(rates.get("low") <= LINK_BITS_PER_SECOND, figures.toString());
            for (int i = 1; i < CONTINUOUS.size(); i++) {
                assertTrue(rates.get(CONTINUOUS.get(i)) < rates.get(CONTINUOUS.get(i - 1)),
                        CONTINUOUS.get(i) + " costs no less than " + CONTINUOUS.get(i - 1) + ":\n" + figures);
            }

            Listener low = listeners.get(TIERS.indexOf("low"));
            short[] lastSecond = low.slot.recentSamples(low.peer.sampleRate());
            double dominant = ToneAnalyzer.dominantFrequency(lastSecond, low.peer.sampleRate());
            assertEquals(INTERPRETER_HZ, dominant, TONE_TOLERANCE_HZ, "the listener of fr/mixed/low hears " + dominant + " Hz");
        } finally {
            for (Listener listener : listeners) {
                listener.close();
            }
        }
    }

    /** A listener of {@code fr/mixed/tier} behind its own counting relay. */
    private Listener listen(String tier) throws Exception {
        LossyUdpProxy proxy = new LossyUdpProxy(LossyUdpProxy.DropPolicy.NONE);
        SignalingClient signaling = meeting.join("{\"role\": \"delegate\", \"name\": \"" + tier + "\"}");
        WebRtcPeer peer = WebRtcPeer.subscriber();
        Listener listener = new Listener(tier, proxy, signaling, peer, peer.addRecvOnlyAudio());
        try {
            JsonNode answer = signaling.offer(peer.createOffer());
            peer.setAnswer(proxy.rewriteAnswer(answer.get("sdp").asText()));
            peer.awaitConnected(TIMEOUT);
            JsonNode subscribed = TonePeer.subscribeChannel(signaling, listener.slot.mid(), "fr", "mixed", tier);
            assertEquals(tier, subscribed.path("tier").asText(), subscribed.toString());
            return listener;
        } catch (Exception | AssertionError e) {
            listener.close();
            throw e;
        }
    }
}
