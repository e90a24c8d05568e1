package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.parley.signaling.dashboard.BoothSnapshot;
import org.parley.signaling.dashboard.BoothSnapshots;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.meeting.Meeting;

/**
 * The booth desks of the server: one {@link MeetingBooths} per meeting with someone in it, created
 * by its first participant and closed (with its timer) when its last one leaves. Thread-safe.
 */
public final class BoothDesks implements BoothSnapshots {

    private final EventExecutorGroup scheduler;
    private final Optional<InterpretationChannels> interpretation;
    private final Map<String, MeetingBooths> meetings = new HashMap<>();

    /**
     * @param scheduler      where booth events are prepared and coalesced (a signaling event loop group, never
     *                       the mixer's or the media core's threads)
     * @param interpretation the meetings' mixers, whose booths each desk follows once they start
     */
    public BoothDesks(EventExecutorGroup scheduler, Optional<InterpretationChannels> interpretation) {
        this.scheduler = scheduler;
        this.interpretation = interpretation;
        interpretation.ifPresent(channels -> channels.onStart(this::mixerStarted));
    }

    /**
     * Adds {@code member} to its meeting's desk (creating it); returns the desk and the booths for
     * {@code joined}. Called with the meeting locked, so it takes no lock a mixer holds while it waits for a meeting.
     */
    synchronized Joined join(Meeting meeting, MeetingBooths.Member member) {
        MeetingBooths desk = meetings.computeIfAbsent(meeting.id(),
                id -> new MeetingBooths(meeting, scheduler));
        return new Joined(desk, desk.join(member));
    }

    /**
     * After the others heard that {@code member} joined (the meeting no longer locked): tells them about
     * its booth, and has a new desk follow the meeting's mixer if one runs already, which happens when
     * a meeting empties and fills again in a moment.
     */
    void announce(Meeting meeting, MeetingBooths desk, MeetingBooths.Member member) {
        MeetingChannels running = interpretation.map(all -> all.existing(meeting.id())).orElse(null);
        if (running != null) {
            desk.attach(running);
        }
        desk.announce(member);
    }

    /** The participant left {@code desk}; the last one out closes it. */
    synchronized void leave(Meeting meeting, MeetingBooths desk, MeetingBooths.Member member) {
        if (desk.leave(member.participant()) && meetings.remove(meeting.id(), desk)) {
            desk.close();
        }
    }

    /** The booths of {@code meetingId} as its participants see them now; none while nobody is in it. */
    @Override
    public List<BoothSnapshot> booths(String meetingId) {
        MeetingBooths desk;
        synchronized (this) {
            desk = meetings.get(meetingId);
        }
        return desk == null ? List.of() : desk.snapshots();
    }

    private void mixerStarted(MeetingChannels channels) {
        MeetingBooths desk;
        synchronized (this) {
            desk = meetings.get(channels.meetingId());
        }
        if (desk != null) {
            desk.attach(channels);
        }
    }

    /** A member's desk and the booths its {@code joined} reply carries. */
    record Joined(MeetingBooths desk, ArrayNode booths) {
    }
}
