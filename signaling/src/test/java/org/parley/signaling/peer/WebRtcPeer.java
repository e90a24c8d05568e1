package org.parley.signaling.peer;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioDeviceModuleBase;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A real libwebrtc peer (webrtc-java) for end-to-end tests, reachable on 127.0.0.1.
 *
 * <p>A peer either sends or receives, never both: libwebrtc builds the audio pipeline of a factory around
 * one audio device module, and a factory that both sent pushed audio and played out received audio aborted
 * the JVM. So every peer owns its factory:
 * <ul>
 *   <li>{@link #publisher(double)}: a factory on a dummy-audio device module and one sendonly transceiver
 *       whose track carries a sine tone pushed through a {@link CustomAudioSource};</li>
 *   <li>{@link #subscriber()}: a factory on a {@link HeadlessAudioDeviceModule}, whose playout thread pulls
 *       received audio every 10 ms and so drives the track sinks that capture it.</li>
 * </ul>
 *
 * <p>Negotiation is non-trickle: {@link #createOffer()} and {@link #answer(String)} return once ICE gathering
 * is complete, with the candidates inside the SDP (see {@link LoopbackIce}). Every wait is bounded; a
 * failure names the state it saw. Received audio of each remote track is kept, mono, in a ring of the last
 * {@link #CAPTURE_SECONDS} seconds, addressable by mid or by track id.
 *
 * <p>Not thread-safe for concurrent negotiation; reading samples and stats from any thread is fine.
 */
public final class WebRtcPeer implements AutoCloseable {

    /** How much received audio each capture ring keeps. */
    public static final int CAPTURE_SECONDS = 2;

    private static final Duration NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_CAPTURE_RATE = 48_000;

    /** The factory's audio device module; null when the factory is a shared {@link Audience}'s. */
    private final AudioDeviceModuleBase audioModule;
    private final PeerConnectionFactory factory;
    private final RTCPeerConnection connection;
    private final SineToneSource tone;
    private final boolean sends;

    private final Object stateLock = new Object();
    private RTCPeerConnectionState connectionState = RTCPeerConnectionState.NEW;
    private RTCIceConnectionState iceState = RTCIceConnectionState.NEW;

    private final Map<String, PcmRing> captures = new ConcurrentHashMap<>();
    private final List<String> receivedMids = new CopyOnWriteArrayList<>();
    private final List<Capture> sinks = new CopyOnWriteArrayList<>();
    private int placeholderTracks;
    private boolean closed;

    private record Capture(AudioTrack track, AudioTrackSink sink) {
    }

    private WebRtcPeer(AudioDeviceModuleBase audioModule, boolean sends, double toneHz) {
        this(audioModule, new PeerConnectionFactory(audioModule), sends, toneHz);
    }

    private WebRtcPeer(AudioDeviceModuleBase audioModule, PeerConnectionFactory factory, boolean sends, double toneHz) {
        this.audioModule = audioModule;
        this.sends = sends;
        this.factory = factory;
        this.connection = factory.createPeerConnection(LoopbackIce.configuration(), new Observer());
        if (sends) {
            CustomAudioSource source = new CustomAudioSource();
            AudioTrack track = factory.createAudioTrack("tone", source);
            // addTrack rather than addTransceiver: only a transceiver made by addTrack is reused when this peer
            // answers a remote offer (RFC 8829 §5.10), so a publisher can offer or answer. The connection is
            // new, so its only transceiver is the one addTrack just made.
            connection.addTrack(track, List.of("parley-publisher"));
            connection.getTransceivers()[0].setDirection(RTCRtpTransceiverDirection.SEND_ONLY);
            tone = new SineToneSource(source, toneHz);
            tone.start();
        } else {
            tone = null;
        }
    }

    /** A peer with one sendonly audio transceiver carrying a continuous {@code toneHz} sine at -12 dBFS. */
    public static WebRtcPeer publisher(double toneHz) {
        return new WebRtcPeer(new AudioDeviceModule(AudioLayer.kDummyAudio), true, toneHz);
    }

    /**
     * Many receive-only peers on one factory, for load: one set of libwebrtc threads for all of them, and a
     * dummy audio device module, so nothing is decoded or played out. What they receive is counted in
     * {@link #inboundAudioStats()} (RTP received, after SRTP), not captured. Close the peers, then this.
     */
    public static final class Audience implements AutoCloseable {

        private final AudioDeviceModule audioModule = new AudioDeviceModule(AudioLayer.kDummyAudio);
        private final PeerConnectionFactory factory = new PeerConnectionFactory(audioModule);

        /** A new receive-only peer on this audience's factory; add its line with {@link #addRecvOnlyAudio()}. */
        public WebRtcPeer listener() {
            return new WebRtcPeer(null, factory, false, 0);
        }

        @Override
        public void close() {
            factory.dispose();
            audioModule.dispose();
        }
    }

    /** A receive-only peer; add transceivers with {@link #addRecvOnlyAudio()} or let {@link #answer} create them. */
    public static WebRtcPeer subscriber() {
        return new WebRtcPeer(new HeadlessAudioDeviceModule(), false, 0);
    }

    /**
     * Adds a recvonly audio transceiver to the next offer. Its mid, needed for {@code subscribe}, is known
     * after {@link #createOffer()}: see {@link ReceiveSlot#mid()}.
     */
    public ReceiveSlot addRecvOnlyAudio() {
        if (sends) {
            throw new IllegalStateException("a publisher does not receive (see class comment)");
        }
        return addRecvOnly();
    }

    /**
     * A publisher's recvonly audio transceiver: negotiated, and its RTP arrives (counted in
     * {@link #packetsReceived()}), but its dummy audio module plays nothing out, so no samples are
     * captured: what it receives must be checked at the server. For a participant who both speaks
     * and listens on one transport (e.g. a floor speaker's mix-minus).
     */
    public ReceiveSlot addUnplayedRecvOnlyAudio() {
        if (!sends) {
            throw new IllegalStateException("a subscriber plays out what it receives: use addRecvOnlyAudio");
        }
        return addRecvOnly();
    }

    private ReceiveSlot addRecvOnly() {
        // webrtc-java 0.14.0 has no addTransceiver(kind): a recvonly transceiver still needs a track, which
        // never sends because of the direction (and the headless module has no recording side).
        AudioTrackSource source = factory.createAudioSource(new AudioOptions());
        AudioTrack placeholder = factory.createAudioTrack("recv-" + ++placeholderTracks, source);
        RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
        init.direction = RTCRtpTransceiverDirection.RECV_ONLY;
        return new ReceiveSlot(this, connection.addTransceiver(placeholder, init));
    }

    /**
     * Creates an offer, applies it locally, waits for ICE gathering to finish and returns the SDP with its
     * candidates on 127.0.0.1.
     */
    public String createOffer() {
        RTCSessionDescription offer = awaitDescription("createOffer",
                observer -> connection.createOffer(new RTCOfferOptions(), observer));
        apply("setLocalDescription(offer)", observer -> connection.setLocalDescription(offer, observer));
        return gatheredLocalDescription();
    }

    /** Applies the remote answer to this peer's offer. */
    public void setAnswer(String sdp) {
        RTCSessionDescription answer = new RTCSessionDescription(RTCSdpType.ANSWER, sdp);
        apply("setRemoteDescription(answer)", observer -> connection.setRemoteDescription(answer, observer));
    }

    /** Answers a remote offer: applies it, creates and applies the answer, returns it once gathered. */
    public String answer(String offerSdp) {
        RTCSessionDescription offer = new RTCSessionDescription(RTCSdpType.OFFER, offerSdp);
        apply("setRemoteDescription(offer)", observer -> connection.setRemoteDescription(offer, observer));
        RTCSessionDescription answer = awaitDescription("createAnswer",
                observer -> connection.createAnswer(new RTCAnswerOptions(), observer));
        apply("setLocalDescription(answer)", observer -> connection.setLocalDescription(answer, observer));
        return gatheredLocalDescription();
    }

    /**
     * Waits until the peer connection is connected (ICE and DTLS both up).
     *
     * @throws IllegalStateException on failure, close, or timeout, naming the states seen
     */
    public void awaitConnected(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateLock) {
            while (connectionState != RTCPeerConnectionState.CONNECTED) {
                if (connectionState == RTCPeerConnectionState.FAILED
                        || connectionState == RTCPeerConnectionState.CLOSED) {
                    throw new IllegalStateException("connection " + connectionState + ", ICE " + iceState);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("not connected after " + timeout + ": connection "
                            + connectionState + ", ICE " + iceState);
                }
                waitOn(stateLock, left);
            }
        }
    }

    /** Mids of the remote audio tracks received so far, in the order they appeared. */
    public List<String> receivedMids() {
        return List.copyOf(receivedMids);
    }

    /**
     * The last {@code count} mono samples received on the track with this mid or track id (at most
     * {@link #CAPTURE_SECONDS} seconds, fewer if fewer arrived).
     *
     * @throws IllegalArgumentException if no such track was received
     */
    public short[] recentSamples(String midOrTrack, int count) {
        return capture(midOrTrack).recent(count);
    }

    /**
     * Waits until at least {@code samples} samples have been captured on the given track since it appeared.
     *
     * @throws IllegalStateException on timeout, with how many arrived
     */
    public void awaitSamples(String midOrTrack, long samples, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        PcmRing ring = capture(midOrTrack);
        while (ring.written() < samples) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("only " + ring.written() + " of " + samples
                        + " samples on " + midOrTrack + " after " + timeout);
            }
            sleepMillis(20);
        }
    }

    /** Sample rate of the captured audio (libwebrtc's playout rate), 0 before any audio arrived. */
    public int sampleRate() {
        for (PcmRing ring : captures.values()) {
            int rate = ring.sampleRate();
            if (rate > 0) {
                return rate;
            }
        }
        return 0;
    }

    /** Inbound audio statistics from {@code getStats}, summed over all received audio streams. */
    public InboundAudioStats inboundAudioStats() {
        CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
        connection.getStats(report::complete);
        RTCStatsReport stats = await(report, "getStats", STATS_TIMEOUT);
        int streams = 0;
        long received = 0;
        long lost = 0;
        long concealed = 0;
        for (RTCStats entry : stats.getStats().values()) {
            Map<String, Object> attributes = entry.getAttributes();
            Object kind = attributes.containsKey("kind") ? attributes.get("kind") : attributes.get("mediaType");
            if (entry.getType() == RTCStatsType.INBOUND_RTP && "audio".equals(kind)) {
                streams++;
                received += number(attributes, "packetsReceived");
                lost += number(attributes, "packetsLost");
                concealed += number(attributes, "concealedSamples");
            }
        }
        return new InboundAudioStats(streams, received, lost, concealed);
    }

    /** RTP packets received on all inbound audio streams. */
    public long packetsReceived() {
        return inboundAudioStats().packetsReceived();
    }

    /** Packets lost on all inbound audio streams, as libwebrtc counts them. */
    public long packetsLost() {
        return inboundAudioStats().packetsLost();
    }

    /**
     * The longest a frame of this publisher's tone waited past its time to be pushed, in milliseconds: how much
     * of a dropout heard at a receiver the sending side's scheduling explains.
     *
     * @throws IllegalStateException for a subscriber, which sends no tone
     */
    public double toneLatenessMillis() {
        if (tone == null) {
            throw new IllegalStateException("a subscriber sends no tone");
        }
        return tone.longestLatenessMillis();
    }

    /**
     * Frees the native objects: the tone clock first (nothing may push into a dead source), then the capture
     * sinks (no callbacks into a closing peer), the peer connection, the factory (which stops its threads)
     * and last the audio device module the factory used.
     *
     * <p>Tracks and sources are not disposed: the closed peer connection still holds them, and webrtc-java
     * refuses to dispose an object with other owners; they go with the factory's memory.
     */
    @Override
    public void close() {
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (tone != null) {
            tone.close();
        }
        for (Capture capture : sinks) {
            capture.track().removeSink(capture.sink());
        }
        connection.close();
        if (audioModule != null) { // else the factory is an Audience's, closed with it
            factory.dispose();
            audioModule.dispose();
        }
    }

    private PcmRing capture(String midOrTrack) {
        PcmRing ring = captures.get(midOrTrack);
        if (ring == null) {
            throw new IllegalArgumentException("no received track " + midOrTrack + "; received: " + captures.keySet());
        }
        return ring;
    }

    private String gatheredLocalDescription() {
        long deadline = System.nanoTime() + NEGOTIATION_TIMEOUT.toNanos();
        // Polls the state as well as waiting for the event: a later offer on an already gathered transport
        // fires no new event. The native call stays outside the lock, which the signaling thread takes.
        while (connection.getIceGatheringState() != RTCIceGatheringState.COMPLETE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("ICE gathering not complete after " + NEGOTIATION_TIMEOUT);
            }
            synchronized (stateLock) {
                waitOn(stateLock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
        String sdp = LoopbackIce.announceOnLoopback(connection.getLocalDescription().sdp);
        if (!sdp.contains("\r\na=candidate:")) {
            // Fail here rather than as a connect timeout later, and say why.
            throw new IllegalStateException("libwebrtc gathered no IPv4 UDP candidate; it needs a default route"
                    + " (in a network namespace, e.g. a veth with an address and a default route)");
        }
        return sdp;
    }

    private static RTCSessionDescription awaitDescription(String step,
            Consumer<CreateSessionDescriptionObserver> call) {
        CompletableFuture<RTCSessionDescription> result = new CompletableFuture<>();
        call.accept(new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                result.complete(description);
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new IllegalStateException(step + " failed: " + error));
            }
        });
        return await(result, step, NEGOTIATION_TIMEOUT);
    }

    private static void apply(String step, Consumer<SetSessionDescriptionObserver> call) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        call.accept(new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                result.complete(null);
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new IllegalStateException(step + " failed: " + error));
            }
        });
        await(result, step, NEGOTIATION_TIMEOUT);
    }

    private static <T> T await(CompletableFuture<T> future, String step, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(step + " did not complete within " + timeout, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(step + " interrupted", e);
        }
    }

    private static long number(Map<String, Object> attributes, String name) {
        return attributes.get(name) instanceof Number value ? value.longValue() : 0;
    }

    private static void waitOn(Object monitor, long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Runs on libwebrtc's signaling thread. */
    private final class Observer implements PeerConnectionObserver {

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            // Non-trickle: candidates are read from the local description once gathering is complete.
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            synchronized (stateLock) {
                stateLock.notifyAll();
            }
        }

        @Override
        public void onIceConnectionChange(RTCIceConnectionState state) {
            synchronized (stateLock) {
                iceState = state;
                stateLock.notifyAll();
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            synchronized (stateLock) {
                connectionState = state;
                stateLock.notifyAll();
            }
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            if (!(track instanceof AudioTrack audio)) {
                return;
            }
            PcmRing ring = new PcmRing(CAPTURE_SECONDS * MAX_CAPTURE_RATE);
            AudioTrackSink sink = (data, bitsPerSample, sampleRate, channels, frames) -> {
                if (bitsPerSample == 16 && channels > 0) {
                    ring.append(data, channels, frames, sampleRate);
                }
            };
            String mid = transceiver.getMid();
            captures.put(mid, ring);
            captures.put(audio.getId(), ring);
            receivedMids.add(mid);
            sinks.add(new Capture(audio, sink));
            audio.addSink(sink);
        }
    }
}
