package org.parley.signaling.statistics;

import org.parley.media.quality.QualityScore;
import org.parley.signaling.meeting.Participant;

/**
 * Where the statistics read a participant's MOS estimate (ITU-T G.107 E-model, 1..4.5) when they sample
 * its quality: {@link #QUALITY_SCORE} on a server, and the statistics keep its mean and minimum.
 */
@FunctionalInterface
public interface MosSource {

    /** No score: the statistics' {@code meanMos} and {@code minMos} stay null. */
    MosSource NONE = participant -> Double.NaN;

    /**
     * The quality score of the participant's media ({@code ParticipantMedia.score()}: its WebRTC
     * transport's or SIP call's RTCP, the worse direction); NaN until it is measured.
     */
    MosSource QUALITY_SCORE = participant -> {
        QualityScore score = participant.media().score();
        return score.isKnown() ? score.mos() : Double.NaN;
    };

    /** The participant's current MOS estimate, or NaN while it has none. Called on the store's thread. */
    double mos(Participant participant);
}
