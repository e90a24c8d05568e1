package org.parley.signaling.protocol;

import org.parley.media.quality.QualityScore;
import org.parley.media.transport.TransportQuality;
import org.parley.media.transport.WebRtcTransport;
import org.parley.signaling.meeting.Listening;
import org.parley.signaling.meeting.MediaRoute;
import org.parley.signaling.meeting.ParticipantMedia;

/**
 * What one session publishes of its media for the roster: the session writes on its connection
 * thread, rosters read on theirs.
 */
final class SessionMedia implements ParticipantMedia {

    private volatile WebRtcTransport transport;
    private volatile Listening listening;

    void setTransport(WebRtcTransport transport) {
        this.transport = transport;
    }

    /** @return whether it changed */
    boolean setListening(Listening now) {
        Listening before = listening;
        listening = now;
        return before == null ? now != null : !before.equals(now);
    }

    @Override
    public Listening listening() {
        return listening;
    }

    @Override
    public TransportQuality quality() {
        WebRtcTransport current = transport;
        return current == null ? TransportQuality.UNKNOWN : current.quality();
    }

    @Override
    public MediaRoute route() {
        return MediaRoute.of(transport);
    }

    @Override
    public QualityScore score() {
        WebRtcTransport current = transport;
        return current == null ? QualityScore.UNKNOWN : current.score();
    }

    /** Any thread: the transport closes on its event loop, and its close listener tells the session. */
    @Override
    public boolean closeTransport(String reason) {
        WebRtcTransport current = transport;
        if (current == null) {
            return false;
        }
        current.close(reason);
        return true;
    }
}
