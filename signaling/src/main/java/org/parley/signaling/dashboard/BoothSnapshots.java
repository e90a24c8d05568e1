package org.parley.signaling.dashboard;

import java.util.List;

/** Where the feed reads a meeting's booths from (the booth desks, which follow the mixer). */
@FunctionalInterface
public interface BoothSnapshots {

    /** The booths of {@code meetingId} now, in their order; empty when nobody is in the meeting. Any thread. */
    List<BoothSnapshot> booths(String meetingId);
}
