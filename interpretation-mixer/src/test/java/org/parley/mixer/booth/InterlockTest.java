package org.parley.mixer.booth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InterlockTest {

    private BoothGroup group;
    private Booth fr;
    private Booth en;
    private Booth zh;
    private Interpreter fr1;
    private Interpreter fr2;
    private Interpreter en1;
    private Interpreter zh1;

    @BeforeEach
    void meeting() {
        group = new BoothGroup(960, 240, 144);
        fr = group.addBooth("fr");
        en = group.addBooth("en");
        zh = group.addBooth("zh");
        fr1 = fr.addInterpreter("fr-1");
        fr2 = fr.addInterpreter("fr-2");
        en1 = en.addInterpreter("en-1");
        zh1 = zh.addInterpreter("zh-1");
    }

    @Test
    void secondMicrophoneOnTheSameChannelIsRefused() {
        assertEquals(MicResult.Status.GRANTED, fr1.micOn().status());
        MicResult refused = fr2.micOn();
        assertEquals(MicResult.Status.REFUSED_CHANNEL_BUSY, refused.status());
        assertFalse(refused.accepted());
        assertTrue(refused.message().contains("fr-1"), refused.message());
        assertFalse(fr2.isLive());
        assertSame(fr1, group.interlock().liveOn("fr"));
        assertEquals(MicResult.Status.ALREADY_LIVE, fr1.micOn().status());
    }

    @Test
    void interlockSpansBoothsSharingAChannelThroughARetour() throws RoutingException {
        zh.setOutgoing("en");
        assertEquals(MicResult.Status.GRANTED, en1.micOn().status());
        assertEquals(MicResult.Status.REFUSED_CHANNEL_BUSY, zh1.micOn().status());
        assertEquals(MicResult.Status.REFUSED_CHANNEL_BUSY, zh.takeOver(zh1).status(), "no takeover across booths");
        en1.micOff();
        assertEquals(MicResult.Status.GRANTED, zh1.micOn().status());
        assertSame(zh1, group.interlock().liveOn("en"));
        assertNull(group.interlock().liveOn("zh"));
    }

    @Test
    void outgoingChannelCannotChangeUnderALiveMicrophone() {
        zh1.micOn();
        RoutingException e = assertThrows(RoutingException.class, () -> zh.setOutgoing("en"));
        assertTrue(e.getMessage().contains("zh-1"), e.getMessage());
        assertEquals("zh", zh.outgoing());
        assertThrows(RoutingException.class, () -> fr.setOutgoing("xx"), "unknown channel");
    }

    @Test
    void handoverNeedsAcceptanceAndThenSwitchesBothMicrophones() {
        fr1.micOn();
        fr.mixInto(new float[960], 960); // one tick: the microphone is fully open
        assertEquals(MicResult.Status.REFUSED_NO_HANDOVER_PENDING, fr.acceptHandover(fr2).status());
        assertEquals(MicResult.Status.HANDOVER_REQUESTED, fr.requestHandover(fr1, fr2).status());
        assertTrue(fr1.isLive(), "nothing switches before acceptance");
        assertSame(fr2, fr.pendingHandoverTo());
        assertSame(fr1, fr.pendingHandoverFrom());
        assertEquals(MicResult.Status.HANDED_OVER, fr.acceptHandover(fr2).status());
        assertTrue(fr2.isLive());
        assertFalse(fr1.isLive());
        assertTrue(fr1.isAudible(), "the outgoing voice still fades out during the next frame");
        assertSame(fr2, group.interlock().liveOn("fr"));
        assertNull(fr.pendingHandoverTo());
    }

    @Test
    void handoverRefusalsAreExplained() {
        assertEquals(MicResult.Status.REFUSED_NOT_LIVE, fr.requestHandover(fr1, fr2).status());
        assertEquals(MicResult.Status.REFUSED_NOT_IN_BOOTH, fr.requestHandover(fr1, en1).status());
        fr1.micOn();
        fr.requestHandover(fr1, fr2);
        fr1.micOff();
        assertNull(fr.pendingHandoverTo(), "switching off withdraws the offer");
        assertNull(fr.pendingHandoverFrom());
        assertEquals(MicResult.Status.REFUSED_NO_HANDOVER_PENDING, fr.acceptHandover(fr2).status());
    }

    @Test
    void takeOverSwitchesWithoutAcceptance() {
        fr1.micOn();
        assertEquals(MicResult.Status.HANDED_OVER, fr.takeOver(fr2).status());
        assertTrue(fr2.isLive());
        assertFalse(fr1.isLive());
        assertEquals(MicResult.Status.ALREADY_LIVE, fr.takeOver(fr2).status());
        fr2.micOff();
        assertEquals(MicResult.Status.GRANTED, fr.takeOver(fr1).status(), "an idle channel is simply taken");
    }

    @Test
    void coughKeyIsHeldAndReleased() {
        fr1.micOn();
        fr1.cough(true);
        assertTrue(fr1.isCoughing());
        assertTrue(fr1.isLive(), "push-to-mute does not give up the channel");
        fr1.cough(false);
        assertFalse(fr1.isCoughing());
    }

    @Test
    void removingALiveInterpreterFreesTheChannel() {
        fr1.micOn();
        fr.requestHandover(fr1, fr2);
        assertTrue(fr.removeInterpreter(fr1));
        assertFalse(fr.removeInterpreter(fr1));
        assertNull(group.interlock().liveOn("fr"));
        assertNull(group.interpreter("fr-1"));
        assertNull(fr.pendingHandoverTo());
        assertEquals(MicResult.Status.GRANTED, fr2.micOn().status());
    }

    @Test
    void interpreterIdsAreUniqueWithinTheMeeting() {
        assertThrows(IllegalArgumentException.class, () -> en.addInterpreter("fr-1"));
        assertSame(fr1, group.interpreter("fr-1"));
    }
}
