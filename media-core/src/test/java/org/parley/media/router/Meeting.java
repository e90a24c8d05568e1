package org.parley.media.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.parley.media.sdp.SdpException;

/**
 * Four browsers on one {@link RecordingTransportHost}, each negotiated with Chrome's "one microphone,
 * three remote participants" offer: alice and bob publish (mid 0), carol and dave subscribe (mids 1 to
 * 3; dave's offer uses other extmap ids and payload type). Every peer publishes a producer, but only
 * alice's and bob's speak. Time is a monotonic clock the test advances, in 20 ms frames.
 */
final class Meeting {

    /** An arbitrary origin for the monotonic clock given to the transports. */
    static final long T0 = 1_000_000_000_000L;
    static final long FRAME_NANOS = 20_000_000L;
    static final long BOB_SSRC = 1122334455L;

    final RecordingTransportHost host = new RecordingTransportHost();
    final Router router = host.router();
    final BrowserPeer alice;
    final BrowserPeer bob;
    final BrowserPeer carol;
    final BrowserPeer dave;
    ChromeAudioSender aliceMic = new ChromeAudioSender(BrowserPeer.FIXTURE_PUBLISHER_SSRC, "0", 1000, 500_000);
    final ChromeAudioSender bobMic = new ChromeAudioSender(BOB_SSRC, "0", 40_000, 3_000_000_000L);
    long now = T0;

    Meeting() throws SdpException {
        this(new RouterListener() {
            @Override
            public void producerAdded(Producer producer) {
            }

            @Override
            public void producerRemoved(Producer producer) {
            }
        });
    }

    Meeting(RouterListener listener) throws SdpException {
        router.addListener(listener);
        // NACK negotiated, as libwebrtc offers it for audio, so producers keep packets to resend.
        String offer = withNack(BrowserPeer.fixture(BrowserPeer.PUBLISH_AND_THREE_SUBSCRIBES));
        alice = BrowserPeer.connect(host, "alice", offer, 50001);
        bob = BrowserPeer.connect(host, "bob", offer.replace(Long.toString(BrowserPeer.FIXTURE_PUBLISHER_SSRC),
                Long.toString(BOB_SSRC)), 50002);
        carol = BrowserPeer.connect(host, "carol", offer, 50003);
        dave = BrowserPeer.connect(host, "dave", otherIdsAndPayloadType(offer), 50004);
    }

    /** Adds {@code a=rtcp-fb:111 nack} (RFC 4585 §4.2) to every Opus line of a fixture offer. */
    static String withNack(String offer) {
        return offer.replace("a=rtcp-fb:111 transport-cc\r\n", "a=rtcp-fb:111 transport-cc\r\na=rtcp-fb:111 nack\r\n");
    }

    /** Audio level on id 5 instead of 1, mid on 1 instead of 4, Opus on 109 instead of 111. */
    static String otherIdsAndPayloadType(String offer) {
        return offer.replace("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                        "a=extmap:5 urn:ietf:params:rtp-hdrext:ssrc-audio-level")
                .replace("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                        "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid")
                .replaceAll("\\b111\\b", "109");
    }

    Producer producerOf(BrowserPeer peer) {
        Producer producer = router.producer(peer.transport().id() + "/0");
        assertNotNull(producer, "producer of " + peer.transport().id());
        return producer;
    }

    /** Advances the clock by one frame. */
    long tick() {
        now += FRAME_NANOS;
        return now;
    }

    /** Advances the clock by a frame and delivers alice's next frame. */
    void aliceSpeaks() {
        alice.sendRtp(aliceMic.next(), tick());
    }

    /** Delivers bob's next frame now (bob does not move the clock). */
    void bobSpeaks() {
        bob.sendRtp(bobMic.next(), now);
    }

    /** Releases the datagrams nobody read, and checks that no other buffer was left unreleased. */
    void close() {
        assertEquals(0, host.releaseAll(), "bytes of buffers not released");
    }
}
