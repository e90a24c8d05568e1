package org.parley.signaling.protocol;

import org.parley.media.router.Producer;
import org.parley.media.router.RouterListener;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.meeting.Participant;

/**
 * Tells meetings about producers the router reports, e.g. a producer removed because its transport
 * closed. A transport's id is its participant's id; producers of other transports (not
 * participants) are ignored. Meetings de-duplicate, so a producer announced by the session's own
 * {@code offer} handling is not announced twice.
 */
public final class ProducerAnnouncer implements RouterListener {

    private final MeetingRegistry meetings;

    public ProducerAnnouncer(MeetingRegistry meetings) {
        this.meetings = meetings;
    }

    @Override
    public void producerAdded(Producer producer) {
        if (producer.isLocal()) {
            return; // an interpretation channel: listeners find it through subscribeChannel
        }
        Participant publisher = meetings.participant(producer.transportId());
        if (publisher != null) {
            publisher.meeting().addProducer(publisher, producer.id());
        }
    }

    @Override
    public void producerRemoved(Producer producer) {
        if (producer.isLocal()) {
            return;
        }
        Participant publisher = meetings.participant(producer.transportId());
        if (publisher != null) {
            publisher.meeting().removeProducer(publisher, producer.id());
        }
    }
}
