package org.parley.signaling.meeting;

import org.parley.media.quality.EModel;
import org.parley.media.quality.QualityScore;
import org.parley.media.transport.TransportQuality;

/** A participant's media whose figures a test sets: link quality and score, media path, channel. */
public final class FixedMedia implements ParticipantMedia {

    public volatile TransportQuality quality = new TransportQuality(20, 0, 2, 0, 3);
    /** The score; null (the default) derives it from {@link #quality} by the E-model, as a transport would. */
    public volatile QualityScore score;
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
    public QualityScore score() {
        QualityScore fixed = score;
        if (fixed != null) {
            return fixed;
        }
        TransportQuality figures = quality;
        if (!figures.isKnown()) {
            return QualityScore.UNKNOWN;
        }
        double oneWay = EModel.mouthToEarMillis(figures.rttMillis(), figures.worstJitterMillis());
        return QualityScore.ofRating(EModel.rating(oneWay, Math.max(0, figures.worstLossPercent())));
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
