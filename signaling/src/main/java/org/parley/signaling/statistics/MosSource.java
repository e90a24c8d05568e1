package org.parley.signaling.statistics;

import org.parley.signaling.meeting.Participant;

/**
 * Where the statistics read a participant's MOS estimate (ITU-T G.107 E-model, 1..5) when they sample
 * its quality. {@link #NONE} until the quality score exists: {@code ParleyServer.start} hands the score's
 * source to {@link ParticipationStatistics#start}, and the statistics keep its mean and minimum.
 */
@FunctionalInterface
public interface MosSource {

    /** No score yet: the statistics' {@code meanMos} and {@code minMos} stay null. */
    MosSource NONE = participant -> Double.NaN;

    /** The participant's current MOS estimate, or NaN while it has none. Called on the store's thread. */
    double mos(Participant participant);
}
