package org.parley.signaling.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.parley.media.quality.QualityScore;
import org.parley.media.transport.TransportQuality;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.sip.media.CallCodec;

/**
 * The audio side of SIP calls as the call logic drives it: plain RTP/AVP with the room system,
 * bridged into the meeting. The server's is {@link CallAudioMedia} (the media core's
 * {@code CallAudioFactory}); signaling tests without a media core give their own. Thread-safe.
 */
public interface CallMedia extends AutoCloseable {

    /** Binds an RTP port for one call; nothing flows until {@link Leg#start}. */
    Leg open(Meeting meeting, String participantId) throws IOException;

    /** One call's audio. */
    interface Leg extends AutoCloseable {

        /** The announced address, for the SDP answer's c= line. */
        String address();

        /** The RTP port, for the m= line. */
        int port();

        /**
         * Starts media with the room system whose SDP names {@code remote} and whose signaling came
         * from {@code signalingHost}; media goes to {@code remote} only if it is on that host, else
         * only once RTP from that host has come (symmetric RTP, RFC 4961). It hears {@code language},
         * is heard on the floor if {@code heard}.
         */
        void start(InetSocketAddress remote, InetAddress signalingHost, CallCodec codec, String language, boolean heard);

        /** The producer carrying the room system's voice in the router, known to the meeting once started. */
        String producerId();

        /** Floor gating: the room system's voice joins or leaves the floor. */
        void setHeard(boolean heard);

        /** What RTCP says of the call's media both ways; {@link TransportQuality#UNKNOWN} before it does. Any thread. */
        TransportQuality quality();

        /** The estimated speech quality of the call's link; {@link QualityScore#UNKNOWN} until measured. Any thread. */
        QualityScore score();

        /** Idempotent. */
        @Override
        void close();
    }

    /** Closes every leg still open; after the calls ended, before the media core stops. */
    @Override
    void close();
}
