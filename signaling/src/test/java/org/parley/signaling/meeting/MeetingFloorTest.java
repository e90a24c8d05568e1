package org.parley.signaling.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.signaling.auth.Role;

/** A meeting's floor: who is heard, who is listed as speaking, and when everyone is told. */
class MeetingFloorTest {

    /** Keeps every floor a participant is told of. */
    private static final class FloorRecorder implements MeetingEvents {
        final List<FloorState> floors = new ArrayList<>();

        @Override
        public void floorChanged(FloorState floor) {
            floors.add(floor);
        }

        FloorState last() {
            return floors.getLast();
        }
    }

    private final Meeting meeting = new Meeting("council", "Council", List.of("en", "fr"), false, FloorMode.CHAIRED,
            "en", ListenerTiers.DEFAULTS, ListenerTiers.DEFAULTS.names());
    private final FloorRecorder captionerHears = new FloorRecorder();
    private final Participant captioner = meeting.join("Cap", Role.CAPTIONER, null, captionerHears, self -> { });

    private Participant join(String name, Role role, String booth) {
        return meeting.join(name, role, booth, new FloorRecorder(), self -> { });
    }

    @Test
    void whoIsHeardFollowsRoleModeAndGrant() {
        Participant chair = join("Chair", Role.CHAIR, null);
        Participant room = join("Room", Role.ROOM_SYSTEM, null);
        Participant ada = join("Ada", Role.DELEGATE, null);
        Participant camille = join("Camille", Role.INTERPRETER, "fr");

        FloorState floor = meeting.floor();
        assertTrue(floor.heard(chair));
        assertTrue(floor.heard(room));
        assertFalse(floor.heard(ada), "a delegate needs the floor in a chaired meeting");
        assertFalse(floor.heard(camille), "an interpreter is never a floor voice");
        assertFalse(floor.heard(captioner));

        assertTrue(meeting.grantFloor(ada));
        assertTrue(meeting.floor().heard(ada));
        assertTrue(meeting.grantFloor(camille));
        assertFalse(meeting.floor().heard(camille), "not even when given the floor");
        assertTrue(meeting.revokeFloor(ada));
        assertFalse(meeting.floor().heard(ada));

        meeting.update("Council", List.of("en", "fr"), false, FloorMode.OPEN, "fr", ListenerTiers.DEFAULTS.names());
        assertEquals(FloorMode.OPEN, captionerHears.last().mode(), "everyone is told the new mode");
        assertTrue(captionerHears.last().heard(ada), "an open floor hears every delegate");
        assertEquals(List.of(), captionerHears.last().speakers(), "without being listed as speaking");
        assertEquals("en", captionerHears.last().language(), "the floor keeps its language while the meeting has it");

        meeting.update("Council", List.of("fr"), false, FloorMode.OPEN, "fr", ListenerTiers.DEFAULTS.names());
        assertEquals("fr", captionerHears.last().language());
    }

    @Test
    void speakersAreTheGrantedAndThePublishingChairsInOrderOfArrival() {
        Participant chair = join("Chair", Role.CHAIR, null);
        Participant ada = join("Ada", Role.DELEGATE, null);
        assertEquals(List.of(), meeting.floor().speakers(), "a chair that publishes nothing is not speaking");

        meeting.addProducer(chair, chair.id() + "/0");
        assertEquals(List.of(chair), captionerHears.last().speakers(), "publishing makes the chair a speaker, and everyone is told");
        int told = captionerHears.floors.size();
        meeting.addProducer(chair, chair.id() + "/1");
        assertEquals(told, captionerHears.floors.size(), "a second producer changes nothing");

        meeting.raiseHand(ada, true);
        assertEquals(List.of(ada), captionerHears.last().hands());
        assertEquals("hand", captionerHears.last().stateOf(ada));
        meeting.grantFloor(ada);
        assertEquals(List.of(chair, ada), captionerHears.last().speakers());
        assertEquals(List.of(), captionerHears.last().hands(), "the grant lowers the hand");
        assertEquals("speaking", captionerHears.last().stateOf(ada));

        told = captionerHears.floors.size();
        meeting.grantFloor(ada);
        meeting.raiseHand(ada, false);
        assertEquals(told, captionerHears.floors.size(), "nothing changed, nobody is told");

        meeting.removeProducer(chair, chair.id() + "/0");
        meeting.removeProducer(chair, chair.id() + "/1");
        assertEquals(List.of(ada), captionerHears.last().speakers());
        meeting.leave(ada);
        assertEquals(List.of(), captionerHears.last().speakers(), "leaving takes the floor along");
        assertFalse(meeting.grantFloor(ada), "not in the meeting any more");
        assertFalse(meeting.raiseHand(ada, true));
    }

    @Test
    void theFloorLanguageIsOneOfTheMeetings() {
        assertEquals("en", meeting.floor().language());
        assertFalse(meeting.setFloorLanguage("de"));
        assertEquals("en", meeting.floor().language());
        assertTrue(meeting.setFloorLanguage("fr"));
        assertEquals("fr", captionerHears.last().language());
    }
}
