package org.parley.signaling.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeetingTest {

    /** Writes down what a participant is told. */
    private static final class Recorder implements MeetingEvents {
        final List<String> events = new ArrayList<>();

        @Override
        public void participantJoined(Participant participant) {
            events.add("joined " + participant.name());
        }

        @Override
        public void participantLeft(Participant participant) {
            events.add("left " + participant.name());
        }

        @Override
        public void producerAdded(Participant publisher, String producerId) {
            events.add("added " + producerId + " of " + publisher.name());
        }

        @Override
        public void producerRemoved(Participant publisher, String producerId) {
            events.add("removed " + producerId + " of " + publisher.name());
        }

        @Override
        public void languagesChanged(List<String> added, List<String> removed) {
            events.add("languages +" + added + " -" + removed);
        }
    }

    private final Meeting meeting = new Meeting("demo", "Demo", List.of("en", "fr"));

    @Test
    void othersHearOfArrivalsProducersAndDepartures() {
        Recorder adaHears = new Recorder();
        Recorder bobHears = new Recorder();
        List<Participant> seenByBob = new ArrayList<>();
        Participant ada = meeting.join("Ada", adaHears, self -> { });
        Participant bob = meeting.join("Bob", bobHears, self -> seenByBob.addAll(meeting.participants()));

        assertEquals(List.of(ada), seenByBob); // the welcome snapshot excludes the newcomer
        assertTrue(meeting.addProducer(bob, bob.id() + "/0"));
        assertFalse(meeting.addProducer(bob, bob.id() + "/0")); // announced once only
        assertEquals(bob, meeting.publisherOf(bob.id() + "/0"));
        meeting.leave(bob);
        meeting.leave(bob);

        assertEquals(List.of("joined Bob", "added " + bob.id() + "/0 of Bob", "removed " + bob.id() + "/0 of Bob", "left Bob"),
                adaHears.events);
        assertEquals(List.of(), bobHears.events);
        assertEquals(1, meeting.size());
        assertEquals(null, meeting.publisherOf(bob.id() + "/0"));
    }

    @Test
    void everyoneHearsOfLanguagesAddedOrRemovedAndOfNothingElseAnUpdateChanges() {
        Recorder adaHears = new Recorder();
        Recorder bobHears = new Recorder();
        meeting.join("Ada", adaHears, self -> { });
        meeting.join("Bob", bobHears, self -> { });
        adaHears.events.clear();

        meeting.update("Demo (resumed)", List.of("en", "fr"), true);
        meeting.update("Demo", List.of("de", "en"), true);

        assertEquals(List.of("languages +[de] -[fr]"), adaHears.events);
        assertEquals(adaHears.events, bobHears.events);
        assertEquals(List.of("de", "en"), meeting.languages());
    }

    @Test
    void aProducerIsOnlyRemovedOnce() {
        Recorder adaHears = new Recorder();
        meeting.join("Ada", adaHears, self -> { });
        Participant bob = meeting.join("Bob", new Recorder(), self -> { });
        meeting.addProducer(bob, "b/0");

        assertTrue(meeting.removeProducer(bob, "b/0"));
        assertFalse(meeting.removeProducer(bob, "b/0"));
        assertEquals(List.of("joined Bob", "added b/0 of Bob", "removed b/0 of Bob"), adaHears.events);
    }
}
