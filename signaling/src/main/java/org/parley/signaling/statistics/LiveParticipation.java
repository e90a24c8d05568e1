package org.parley.signaling.statistics;

import java.util.function.LongSupplier;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.store.ParticipationProgress;

/**
 * The statistics of one participant while it is in a meeting: the language channels it listens to and
 * its link quality. Its session (on its connection's thread) reports channel switches; the store's
 * thread samples the quality and reads the progress for heartbeats. Every method locks the object, held
 * only for a few map operations: never per packet.
 */
public final class LiveParticipation {

    private final Participant participant;
    private final ChannelClock channels;
    private final QualityAccumulator quality = new QualityAccumulator();

    LiveParticipation(Participant participant, LongSupplier nanoTime) {
        this.participant = participant;
        this.channels = new ChannelClock(nanoTime);
    }

    /** The participant id. */
    public String id() {
        return participant.id();
    }

    /** The m-line {@code mid} now plays the language channel {@code language} ({@code floor} or a language code). */
    public synchronized void listen(String mid, String language) {
        channels.listen(mid, language);
    }

    /** The m-line {@code mid} plays nothing any more. */
    public synchronized void stop(String mid) {
        channels.stop(mid);
    }

    /** No m-line plays anything any more (the transport closed). */
    public synchronized void stopAll() {
        channels.stopAll();
    }

    /** Takes one quality sample of the participant's media, with its MOS estimate from {@code mos}. */
    synchronized void sample(MosSource mos) {
        quality.add(participant.media().quality(), mos.mos(participant));
    }

    /** What it has accumulated so far. */
    synchronized ParticipationProgress progress() {
        return new ParticipationProgress(participant.id(), channels.millisSoFar(), quality.summary());
    }

    /** What it accumulated, every channel stopped: its leave. */
    synchronized ParticipationProgress finish() {
        channels.stopAll();
        return progress();
    }
}
