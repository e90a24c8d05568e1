package org.parley.signaling.meeting;

/** A join refused because the meeting already has as many participants as its capacity allows. */
public final class MeetingFullException extends Exception {

    private final int capacity;

    public MeetingFullException(String meetingId, int capacity) {
        super("meeting \"" + meetingId + "\" is full: " + capacity + " participants");
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }
}
