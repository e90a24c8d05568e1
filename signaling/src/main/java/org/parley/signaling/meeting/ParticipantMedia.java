package org.parley.signaling.meeting;

import org.parley.media.quality.QualityScore;
import org.parley.media.transport.TransportQuality;

/**
 * What a participant's session knows of its media, for the roster. Read from any thread, so
 * implementations answer from thread-safe state.
 */
public interface ParticipantMedia {

    /** A participant without media. */
    ParticipantMedia NONE = new ParticipantMedia() {
        @Override
        public Listening listening() {
            return null;
        }

        @Override
        public TransportQuality quality() {
            return TransportQuality.UNKNOWN;
        }

        @Override
        public QualityScore score() {
            return QualityScore.UNKNOWN;
        }

        @Override
        public boolean closeTransport(String reason) {
            return false;
        }
    };

    /** The channel its first channel subscription follows, or null. */
    Listening listening();

    /** Its transport's quality; {@link TransportQuality#UNKNOWN} without a transport. */
    TransportQuality quality();

    /** The path its media takes now; {@link MediaRoute#NONE} while it has none. */
    default MediaRoute route() {
        return MediaRoute.NONE;
    }

    /**
     * The estimated speech quality of its link (E-model R and MOS, the worse direction), from the RTCP
     * of its WebRTC transport or of its SIP call's RTP; {@link QualityScore#UNKNOWN} until measured
     * and without media.
     */
    QualityScore score();

    /**
     * Closes its transport, as an ICE consent lapse would: the participant stays in the meeting, is
     * told {@code transportClosed} with {@code reason}, and its next offer creates a new transport.
     *
     * @return false if it has no transport
     */
    boolean closeTransport(String reason);
}
