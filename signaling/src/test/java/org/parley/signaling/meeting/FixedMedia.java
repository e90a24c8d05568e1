package org.parley.signaling.meeting;

import org.parley.media.transport.TransportQuality;

/** A participant's media whose figures a test sets: link quality, media path, channel. */
public final class FixedMedia implements ParticipantMedia {

    public volatile TransportQuality quality = new TransportQuality(20, 0, 2, 0, 3);
    public volatile MediaRoute route = MediaRoute.NONE;
    public volatile Listening listening;

    @Override
    public Listening listening() {
        return listening;
    }

    @Override
    public TransportQuality quality() {
        return quality;
    }

    @Override
    public MediaRoute route() {
        return route;
    }

    @Override
    public boolean closeTransport(String reason) {
        return false;
    }
}
