package org.parley.signaling.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;

/**
 * Call audio for signaling tests until {@code sip.media} is merged: each leg binds a real loopback
 * UDP port (so the SDP answer names one that exists) and records what the call logic asked of it.
 */
public final class LoopbackCallMedia implements CallMedia {

    private final List<Leg> legs = new CopyOnWriteArrayList<>();

    @Override
    public CallMedia.Leg open(Meeting meeting, String participantId) throws IOException {
        Leg leg = new Leg(meeting.participant(participantId), new DatagramSocket(0, InetAddress.getLoopbackAddress()));
        legs.add(leg);
        return leg;
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
        private volatile AudioCodec codec;
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
        public void start(InetSocketAddress remote, AudioCodec codec, String language, boolean heard) {
            this.remote = remote;
            this.codec = codec;
            this.language = language;
            this.heard = heard;
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

        public AudioCodec codec() {
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

        @Override
        public void close() {
            closed = true;
            socket.close();
        }
    }
}
