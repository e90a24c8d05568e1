package org.parley.mixer.booth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BoothGroup#removeBooth}: nothing may keep depending on the removed channel. */
class BoothRemovalTest {

    @Test
    void relaysFallBackToTheFloorAndARetourIntoTheChannelEnds() throws RoutingException {
        BoothGroup group = new BoothGroup(960, 240, 144);
        Booth en = group.addBooth("en");
        Booth es = group.addBooth("es");
        Booth zh = group.addBooth("zh");
        Booth ar = group.addBooth("ar");
        Interpreter en1 = en.addInterpreter("en-1");
        Interpreter en2 = en.addInterpreter("en-2");
        Interpreter zh1 = zh.addInterpreter("zh-1");
        es.setIncoming(IncomingSource.relay("en"));
        ar.setIncoming(IncomingSource.relay("es")); // en → es → ar: only es relays English directly
        zh.setOutgoing("en");
        zh1.micOn();
        en.requestHandover(en1, en2); // refused, en-1 is not live: leaves nothing behind either

        RemovedBooth removed = group.removeBooth("en");

        assertEquals(new RemovedBooth("en", List.of("en-1", "en-2"), List.of("es"), List.of("zh")), removed);
        assertNull(group.booth("en"));
        assertNull(group.interpreter("en-1"));
        assertEquals(IncomingSource.FLOOR, es.incoming());
        assertEquals(IncomingSource.relay("es"), ar.incoming(), "a relay of a relay is untouched");
        assertEquals("zh", zh.outgoing());
        assertFalse(zh1.isLive(), "the retour's microphone is off: its listeners were English");
        assertNull(group.interlock().liveOn("en"));
        List<String> order = group.relays().evaluationOrder();
        assertEquals(3, order.size(), "no English channel to evaluate: " + order);
        assertTrue(order.indexOf("es") < order.indexOf("ar"), "Spanish is still produced before Arabic relays it");
        assertEquals(MicResult.Status.GRANTED, zh1.micOn().status(), "the Chinese booth speaks Chinese again");
        assertNull(group.removeBooth("en"), "a second removal changes nothing");
    }
}
