package org.parley.signaling.meeting;

/** A join refused because the meeting already has as many participants as its capacity allows. */
public final class MeetingFullException extends Exception {

    private final int capacity;

    public MeetingFullException(String meetingId, int capacity) {
        this(meetingId, capacity, "participants");
    }

    /** @param who what the capacity counts, e.g. {@code observers} */
    public MeetingFullException(String meetingId, int capacity, String who) {
        super("meeting \"" + meetingId + "\" is full: " + capacity + " " + who);
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }
}
