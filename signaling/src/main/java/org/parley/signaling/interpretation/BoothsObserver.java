package org.parley.signaling.interpretation;

import java.util.List;

/**
 * Told about a running mixer's booths and audiences, e.g. to keep the meeting's participants
 * informed. Register with {@link MeetingChannels#observe}.
 */
public interface BoothsObserver {

    /**
     * The booths after a control command (microphone, handover, routing, an interpreter joining or
     * leaving the mix). Called on the mixer thread: only hand the snapshot over, never block.
     *
     * @param version increases with every snapshot of this mixer, so one that arrives late can be told apart
     */
    void boothsChanged(long version, List<BoothState> booths);

    /** A channel gained or lost a listener; called on the thread that changed it, with no lock held. */
    void listenersChanged();
}
