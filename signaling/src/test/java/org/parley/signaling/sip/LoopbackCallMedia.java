package org.parley.signaling.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.media.quality.QualityScore;
import org.parley.media.transport.TransportQuality;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.sip.media.CallCodec;

/**
 * Call audio for signaling tests without a media core: each leg binds a real loopback UDP port (so
 * the SDP answer names one that exists), joins the meeting's producers like {@code CallAudio}, and
 * records what the call logic asked of it.
 */
public final class LoopbackCallMedia implements CallMedia {

    private final List<Leg> legs = new CopyOnWriteArrayList<>();

    @Override
    public CallMedia.Leg open(Meeting meeting, String participantId) throws IOException {
        Leg leg = new Leg(meeting.participant(participantId), new DatagramSocket(0, InetAddress.getLoopbackAddress()));
        legs.add(leg);
        return leg;
    }

    @Override
    public void close() {
        for (Leg leg : legs) {
            leg.close();
        }
    }

    /** Every leg opened so far, in order. */
    public List<Leg> legs() {
        return legs;
    }

    /** One recorded leg. */
    public static final class Leg implements CallMedia.Leg {

        private final Participant participant;
        private final DatagramSocket socket;
        private volatile InetSocketAddress remote;
        private volatile InetAddress signalingHost;
        private volatile CallCodec codec;
        private volatile String language;
        private volatile boolean heard;
        private volatile boolean closed;

        Leg(Participant participant, DatagramSocket socket) {
            this.participant = participant;
            this.socket = socket;
        }

        /** The participant that was in the meeting when the leg was opened. */
        public Participant participant() {
            return participant;
        }

        @Override
        public String address() {
            return socket.getLocalAddress().getHostAddress();
        }

        @Override
        public int port() {
            return socket.getLocalPort();
        }

        @Override
        public void start(InetSocketAddress remote, InetAddress signalingHost, CallCodec codec, String language,
                          boolean heard) {
            this.remote = remote;
            this.signalingHost = signalingHost;
            this.codec = codec;
            this.language = language;
            this.heard = heard;
            participant.meeting().addProducer(participant, producerId()); // as CallAudio does
        }

        @Override
        public String producerId() {
            return "sip-" + participant.id();
        }

        @Override
        public void setHeard(boolean heard) {
            this.heard = heard;
        }

        public InetSocketAddress remote() {
            return remote;
        }

        /** Where the call's INVITE came from. */
        public InetAddress signalingHost() {
            return signalingHost;
        }

        public CallCodec codec() {
            return codec;
        }

        public String language() {
            return language;
        }

        public boolean heard() {
            return heard;
        }

        public boolean closed() {
            return closed;
        }

        /** No RTP flows: nothing measured. */
        @Override
        public TransportQuality quality() {
            return TransportQuality.UNKNOWN;
        }

        @Override
        public QualityScore score() {
            return QualityScore.UNKNOWN;
        }

        @Override
        public void close() {
            closed = true;
            socket.close();
        }
    }
}
