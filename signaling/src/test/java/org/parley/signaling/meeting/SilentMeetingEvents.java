package org.parley.signaling.meeting;

/** A participant that hears nothing: tests extend it to record only the events they are about. */
public class SilentMeetingEvents implements MeetingEvents {

    @Override
    public void participantJoined(Participant participant) {
    }

    @Override
    public void participantLeft(Participant participant) {
    }

    @Override
    public void producerAdded(Participant publisher, String producerId) {
    }

    @Override
    public void producerRemoved(Participant publisher, String producerId) {
    }
}
