package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.peer.ReceiveSlot;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;
import org.parley.signaling.peer.WebRtcPeer;

/**
 * Issue 12's audience: 200 anonymous observers (real libwebrtc peers, webrtc-java, on one shared factory) join
 * an open meeting where three delegates publish. Every observer completes ICE and DTLS on its one recvonly
 * m-line and receives its language channel's RTP; no roster event about anyone reaches an observer, none
 * about an observer reaches a delegate; no observer can publish or subscribe to a delegate.
 *
 * <p>All connections come from 127.0.0.1, so the per-address limits are raised as a deployment behind one
 * NAT address would raise them (conf/README.md).
 */
class AnonymousObserversEndToEndTest {

    private static final int OBSERVERS = 200;
    private static final int DELEGATES = 3;
    /** One second of 20 ms packets: the channel flows, not just a first packet. */
    private static final long PACKETS = 50;
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Set<String> ROSTER_EVENTS = Set.of("participantJoined", "participantLeft", "producerAdded",
            "producerRemoved", "floor", "roster", "booths");

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
            {"title": "Plenary", "languages": ["en", "fr"], "floorLanguage": "en", "open": true, "floorControl": "open"}
            """, () -> MediaTestServer.start(config -> config.withLimits(config.limits()
            .withConnections(new SignalingLimits.ConnectionLimits(30, 30, 400, 5, 400)))));

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private record Observer(SignalingClient signaling, WebRtcPeer peer, ReceiveSlot slot, String participantId,
                            String offer) {
    }

    @Test
    void twoHundredObserversHearTheChannelAndNobodyHearsOfThem() throws Exception {
        URI ws = MediaTestServer.webSocket(meeting.server());
        List<SignalingClient> delegates = new ArrayList<>();
        Set<String> delegateIds = new HashSet<>();
        List<TonePeer> speakers = new ArrayList<>();
        for (int i = 0; i < DELEGATES; i++) {
            SignalingClient delegate = SignalingClient.connect(ws);
            opened.add(delegate);
            delegateIds.add(delegate.join(meeting.id(), "Delegate " + i).get("participantId").asText());
            delegates.add(delegate);
            TonePeer speaker = TonePeer.publishing(delegate, 440 + 110 * i);
            opened.add(speaker.peer::close);
            speakers.add(speaker);
        }

        WebRtcPeer.Audience audience = new WebRtcPeer.Audience();
        opened.add(audience);
        List<Observer> observers = new ArrayList<>();
        ExecutorService joining = Executors.newFixedThreadPool(8);
        try {
            List<Future<Observer>> joins = new ArrayList<>();
            for (int i = 0; i < OBSERVERS; i++) {
                String language = i % 2 == 0 ? "en" : "fr";
                joins.add(joining.submit(() -> observe(ws, audience, language)));
            }
            for (Future<Observer> join : joins) {
                observers.add(join.get());
            }
        } finally {
            joining.shutdownNow();
        }
        assertEquals(OBSERVERS, meeting.meeting().observerCount());
        assertEquals(DELEGATES, meeting.participants(), "observers are not in the roster");

        // Every observer receives its channel: RTP after SRTP, as libwebrtc counts it.
        long deadline = System.nanoTime() + CONNECT.toNanos();
        List<Observer> waiting = new ArrayList<>(observers);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            waiting.removeIf(observer -> observer.peer().packetsReceived() >= PACKETS);
            if (!waiting.isEmpty()) {
                Thread.sleep(200);
            }
        }
        assertTrue(waiting.isEmpty(), waiting.size() + " of " + OBSERVERS + " observers received fewer than "
                + PACKETS + " packets, e.g. " + (waiting.isEmpty() ? 0 : waiting.getFirst().peer().packetsReceived()));

        // None can publish, nor subscribe to a delegate's microphone.
        String delegateProducer = speakers.getFirst().producerId;
        for (Observer observer : observers) {
            SignalingException publish = assertThrows(SignalingException.class,
                    () -> observer.signaling().offer(observer.offer().replace("a=recvonly", "a=sendrecv")));
            assertEquals("FORBIDDEN", publish.code(), publish.getMessage());
            SignalingException subscribe = assertThrows(SignalingException.class,
                    () -> observer.signaling().subscribe(observer.slot().mid(), delegateProducer));
            assertEquals("FORBIDDEN", subscribe.code(), subscribe.getMessage());
        }
        assertEquals(OBSERVERS, meeting.counter("parley.observer.refusals", "request", "offer"));
        assertEquals(OBSERVERS, meeting.counter("parley.observer.refusals", "request", "subscribe"));
        for (Observer observer : observers) {
            assertTrue(meeting.meeting().participant(observer.participantId()) == null);
            assertTrue(meeting.server().media().orElseThrow().router().producers().stream()
                    .noneMatch(producer -> observer.participantId().equals(producer.transportId())),
                    "an observer has no producer");
        }

        // A delegate who arrives now is told of the delegates only; then some observers leave, unnoticed.
        SignalingClient late = SignalingClient.connect(ws);
        opened.add(late);
        JsonNode joined = late.join(meeting.id(), "Late");
        Set<String> listed = new HashSet<>();
        joined.get("participants").forEach(entry -> listed.add(entry.get("participantId").asText()));
        assertEquals(delegateIds, listed, joined.toString());
        for (int i = 0; i < 20; i++) {
            observers.get(i).signaling().close();
        }
        awaitObservers(OBSERVERS - 20);

        Set<String> observerIds = new HashSet<>();
        observers.forEach(observer -> observerIds.add(observer.participantId()));
        for (Observer observer : observers.subList(20, OBSERVERS)) {
            for (JsonNode event : observer.signaling().events()) {
                assertFalse(ROSTER_EVENTS.contains(event.path("type").asText()), "an observer was told " + event);
            }
        }
        delegates.add(late);
        for (SignalingClient delegate : delegates) {
            for (JsonNode event : delegate.events()) {
                assertFalse(observerIds.contains(event.path("participantId").asText()),
                        "a delegate was told of an observer: " + event);
                if (event.path("type").asText().equals("participantJoined")) {
                    assertTrue(delegateIds.contains(event.get("participantId").asText()) || event.get("name").asText()
                            .equals("Late"), event.toString());
                }
            }
        }
    }

    /** One anonymous observer: joins listen-only, negotiates its one recvonly line, follows {@code language}. */
    private Observer observe(URI ws, WebRtcPeer.Audience audience, String language) throws Exception {
        SignalingClient signaling = SignalingClient.connect(ws);
        WebRtcPeer peer = audience.listener();
        synchronized (opened) {
            opened.add(signaling);
            opened.add(peer);
        }
        JsonNode joined = signaling.request(SignalingClient.message("join").put("meeting", meeting.id())
                .put("listenOnly", true), SignalingClient.DEFAULT_TIMEOUT);
        assertEquals("observer", joined.get("role").asText(), joined.toString());
        assertFalse(joined.has("participants"), joined.toString());
        ReceiveSlot slot = peer.addRecvOnlyAudio();
        String offer = peer.createOffer();
        JsonNode answer = signaling.offer(offer);
        peer.setAnswer(answer.get("sdp").asText());
        peer.awaitConnected(CONNECT);
        TonePeer.subscribeChannel(signaling, slot.mid(), language, "mixed", "standard");
        return new Observer(signaling, peer, slot, joined.get("participantId").asText(), offer);
    }

    private void awaitObservers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + CONNECT.toNanos();
        while (meeting.meeting().observerCount() != count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, meeting.meeting().observerCount());
    }
}
