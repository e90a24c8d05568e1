package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.media.router.Producer;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;

/**
 * One participant sends 1,000 offers, each adding m-lines with new mids, while a call goes on in the
 * same meeting. Only what the limits allow is negotiated; every other offer gets {@code LIMIT_EXCEEDED}
 * naming its limit and is counted in {@code parley_limit_refusals_total}; the server's heap stays where
 * it was and the call keeps its tone without a gap or a lost packet.
 */
@Timeout(180)
class OfferLimitsEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int OFFERS = 1000;
    /** Far below the 64 m-lines × 1,000 offers the attacker asks for; without limits that is over 60,000 lines. */
    private static final Pattern LIMIT_NAMED = Pattern.compile("limit (\\w+): ");
    private static final long HEAP_GROWTH_BOUND = 64L << 20;
    private static final SignalingLimits LIMITS = new SignalingLimits(100_000, 100_000, 16, 2, 12, 1000);
    /** Any real SDP credentials: the attacker never connects its media, it only negotiates. */
    private static final String UFRAG = "Kd7p";
    private static final String PWD = "hQ3tY8mWcB2nR6vL0sJ4xF9a";
    private static final String FINGERPRINT = "sha-256 9B:4E:21:D7:0C:58:A3:6F:E2:17:B9:40:CD:82:5A:13:F6:0E:99:3B:"
            + "74:C1:28:AD:5F:E6:03:97:4B:D2:18:6C";

    private ParleyServer server;

    @BeforeEach
    void start() throws Exception {
        server = MediaTestServer.start(config -> config.withLimits(LIMITS));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void thousandOffersAddingMlinesAreRefusedWithoutGrowingTheHeapOrDisturbingACall() throws Exception {
        try (OngoingCall call = OngoingCall.start(server);
             SignalingClient attacker = SignalingClient.connect(MediaTestServer.webSocket(server))) {
            attacker.join("demo", "Attacker");
            // A full collection pauses the server's media loop too: measure the heap outside the gap-checked span.
            long heapBefore = usedHeapAfterGc();
            Thread.sleep(1500);
            call.forgetGapsSoFar();
            Map<String, Double> countedBefore = refusals();

            JsonNode admitted = attacker.offer(offer(0, 1, 8));
            assertEquals(1, admitted.get("producers").size());
            assertEquals(8, admitted.get("consumers").size());

            Map<String, Integer> refusedBy = new TreeMap<>();
            for (int i = 1; i < OFFERS; i++) {
                // In turn: 64 lines (past mlinesPerTransport), 16 new sending lines, 12 new receiving ones.
                String sdp = switch (i % 3) {
                    case 0 -> offer(i, 0, 64);
                    case 1 -> offer(i, 16, 0);
                    default -> offer(i, 0, 12);
                };
                try {
                    attacker.offer(sdp);
                    throw new AssertionError("offer " + i + " was answered");
                } catch (SignalingException e) {
                    assertEquals("LIMIT_EXCEEDED", e.code(), e.getMessage());
                    Matcher limit = LIMIT_NAMED.matcher(e.getMessage());
                    assertTrue(limit.find(), e.getMessage());
                    refusedBy.merge(limit.group(1), 1, Integer::sum);
                }
            }
            call.assertNoGap("during and after the offers");
            long heapAfter = usedHeapAfterGc();
            System.out.printf("used heap after GC: %.1f MiB before, %.1f MiB after %d offers (%+.1f MiB); refusals %s%n",
                    heapBefore / 1048576.0, heapAfter / 1048576.0, OFFERS, (heapAfter - heapBefore) / 1048576.0, refusedBy);

            assertEquals(Map.of(SignalingLimits.CONSUMERS_PER_PARTICIPANT, 333, SignalingLimits.MLINES_PER_TRANSPORT, 333,
                    SignalingLimits.PRODUCERS_PER_PARTICIPANT, 333), refusedBy);
            Map<String, Double> countedAfter = refusals();
            for (String limit : List.of(SignalingLimits.MLINES_PER_TRANSPORT, SignalingLimits.PRODUCERS_PER_PARTICIPANT,
                    SignalingLimits.CONSUMERS_PER_PARTICIPANT)) {
                assertEquals(333, countedAfter.get(limit) - countedBefore.get(limit), limit + " refusals counted");
            }
            assertTrue(heapAfter - heapBefore < HEAP_GROWTH_BOUND, "heap grew by " + (heapAfter - heapBefore) + " bytes");
            long attackerProducers = server.media().orElseThrow().router().producers().stream()
                    .filter(p -> !p.isLocal() && !p.id().equals(call.speakerProducerId())).count();
            assertEquals(1, attackerProducers, "only the admitted offer's producer exists");
            Producer attackersOwn = server.media().orElseThrow().router().producers().stream()
                    .filter(p -> !p.isLocal() && !p.id().equals(call.speakerProducerId())).findFirst().orElseThrow();
            assertFalse(attackersOwn.keepsRetransmissions(), "nobody receives it, so no retransmission buffer");

            call.assertTone();
            // The attacker is still a participant in good standing: a ping is answered.
            assertEquals("pong", attacker.request(SignalingClient.message("ping"), TIMEOUT).get("type").asText());
        }
    }

    /**
     * An offer of new m-lines: {@code sending} sendonly lines then {@code receiving} recvonly ones, with
     * mids unique to offer {@code n}, so each would add producers or consumers were it admitted.
     */
    static String offer(int n, int sending, int receiving) {
        List<String> mids = new ArrayList<>();
        for (int k = 0; k < sending + receiving; k++) {
            mids.add("o" + n + "m" + k);
        }
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\no=- 4611731400430051336 ").append(n + 2).append(" IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
                .append("a=group:BUNDLE ").append(String.join(" ", mids)).append("\r\n")
                .append("a=msid-semantic: WMS\r\n");
        for (int k = 0; k < mids.size(); k++) {
            sdp.append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n")
                    .append("a=ice-ufrag:").append(UFRAG).append("\r\na=ice-pwd:").append(PWD).append("\r\n")
                    .append("a=fingerprint:").append(FINGERPRINT).append("\r\na=setup:actpass\r\n")
                    .append("a=mid:").append(mids.get(k)).append("\r\n")
                    .append(k < sending ? "a=sendonly\r\n" : "a=recvonly\r\n")
                    .append("a=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 nack\r\n")
                    .append("a=fmtp:111 minptime=10;useinbandfec=1\r\n");
            if (k < sending) {
                sdp.append("a=ssrc:").append(1_000_000L + n * 100L + k).append(" cname:attacker\r\n");
            }
        }
        return sdp.toString();
    }

    private Map<String, Double> refusals() {
        Map<String, Double> counts = new TreeMap<>();
        for (String limit : SignalingLimits.REFUSABLE) {
            counts.put(limit, MediaTestServer.counter(server, "parley.limit.refusals", "limit", limit));
        }
        return counts;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
