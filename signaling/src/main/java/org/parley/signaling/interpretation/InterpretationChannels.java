package org.parley.signaling.interpretation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.parley.media.MediaServer;
import org.parley.mixer.pipeline.MixerClock;
import org.parley.mixer.tier.TierSet;
import org.parley.signaling.meeting.Meeting;

/**
 * The server's interpretation channels: one {@link MeetingChannels} per meeting, created on first
 * use (the meeting's first publisher or channel listener), all ticked by one {@link MixerClock}
 * whose threads are the mixer's own, never Netty's.
 */
public final class InterpretationChannels implements AutoCloseable {

    private final MediaServer media;
    private final TierSet tiers;
    private final MixerClock clock;
    private final Map<String, MeetingChannels> meetings = new HashMap<>();
    private volatile Consumer<MeetingChannels> onStart = channels -> { };
    private boolean closed;

    /** Starts one mixer thread ticking every {@link MixerClock#DEFAULT_PERIOD_MILLIS} ms. */
    public InterpretationChannels(MediaServer media) {
        this(media, TierSet.defaults(), new MixerClock("parley-mixer", 1, MixerClock.DEFAULT_PERIOD_MILLIS));
    }

    InterpretationChannels(MediaServer media, TierSet tiers, MixerClock clock) {
        this.media = media;
        this.tiers = tiers;
        this.clock = clock;
    }

    public TierSet tiers() {
        return tiers;
    }

    /** {@code listener} is told of every meeting's mixer as it starts (on the thread that starts it, no lock held). */
    public void onStart(Consumer<MeetingChannels> listener) {
        onStart = listener;
    }

    /**
     * The channels of {@code meeting}, created with its languages on first use; its booths then start
     * from their configured relay sources ({@link Meeting#boothRelaySources()}).
     *
     * @throws IllegalStateException once closed
     */
    public MeetingChannels of(Meeting meeting) {
        MeetingChannels started;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("interpretation channels are closed");
            }
            MeetingChannels channels = meetings.get(meeting.id());
            if (channels != null) {
                return channels;
            }
            started = new MeetingChannels(meeting.id(), meeting.languages(), tiers, media, clock);
            // Queued before anyone else can reach the mixer: every later command sees the configured relays.
            started.booths().applyRelaySources(meeting.boothRelaySources());
            meetings.put(meeting.id(), started);
        }
        onStart.accept(started);
        return started;
    }

    /** The channels of the meeting {@code meetingId} if they have been created, else null. */
    public synchronized MeetingChannels existing(String meetingId) {
        return meetings.get(meetingId);
    }

    /**
     * Stops the meeting's mixer if nobody is in the meeting any more; the next participant starts a new
     * one. Checked under the same lock as {@link #of}, which participants call after joining, so a
     * participant never holds channels that are closed under it.
     */
    public void releaseIfEmpty(Meeting meeting) {
        MeetingChannels channels;
        synchronized (this) {
            if (meeting.size() > 0) {
                return;
            }
            channels = meetings.remove(meeting.id());
        }
        if (channels != null) {
            channels.close();
        }
    }

    /** The meeting has ended: its mixer stops and its channel producers go away. */
    public void meetingEnded(String meetingId) {
        MeetingChannels channels;
        synchronized (this) {
            channels = meetings.remove(meetingId);
        }
        if (channels != null) {
            channels.close();
        }
    }

    /** Stops every meeting's mixer and the clock. Call before the media core closes. */
    @Override
    public void close() {
        List<MeetingChannels> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = List.copyOf(meetings.values());
            meetings.clear();
        }
        for (MeetingChannels channels : all) {
            channels.close();
        }
        clock.close();
    }
}
