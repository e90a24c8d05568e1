package org.parley.mixer.booth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelayGraphTest {

    private BoothGroup group;

    @BeforeEach
    void meeting() {
        group = new BoothGroup(960, 240, 144);
        for (String language : List.of("ar", "es", "zh", "en", "fr", "ru")) {
            group.addBooth(language);
        }
    }

    private Booth booth(String language) {
        return group.booth(language);
    }

    @Test
    void relayedChannelIsEvaluatedBeforeTheBoothsThatRelayIt() throws RoutingException {
        booth("ar").setIncoming(IncomingSource.relay("en"));
        booth("es").setIncoming(IncomingSource.relay("ar")); // chain: en → ar → es
        List<String> order = group.relays().evaluationOrder();
        assertEquals(6, order.size());
        assertTrue(order.indexOf("en") < order.indexOf("ar"), order.toString());
        assertTrue(order.indexOf("ar") < order.indexOf("es"), order.toString());
    }

    @Test
    void twoCycleIsRefusedNamingIt() throws RoutingException {
        booth("ar").setIncoming(IncomingSource.relay("en"));
        int version = group.relays().version();
        RelayCycleException e = assertThrows(RelayCycleException.class,
                () -> booth("en").setIncoming(IncomingSource.relay("ar")));
        assertTrue(e.getMessage().contains("ar → en → ar") || e.getMessage().contains("en → ar → en"), e.getMessage());
        assertEquals(3, e.cycle().size());
        assertEquals(IncomingSource.FLOOR, booth("en").incoming(), "refused change is not applied");
        assertEquals(version, group.relays().version());
    }

    @Test
    void threeCycleIsRefusedNamingEveryChannel() throws RoutingException {
        booth("ar").setIncoming(IncomingSource.relay("en"));
        booth("en").setIncoming(IncomingSource.relay("zh"));
        RelayCycleException e = assertThrows(RelayCycleException.class,
                () -> booth("zh").setIncoming(IncomingSource.relay("ar")));
        assertEquals(4, e.cycle().size(), e.cycle().toString());
        assertEquals(e.cycle().getFirst(), e.cycle().getLast());
        assertTrue(e.cycle().containsAll(List.of("ar", "en", "zh")));
        assertTrue(e.getMessage().startsWith("relay cycle "), e.getMessage());
        assertTrue(e.getMessage().contains("booth zh relays ar into zh"), e.getMessage());
    }

    @Test
    void cycleClosedByARetourIsRefused() throws RoutingException {
        // zh booth relays ar and speaks into en; ar booth relays en: en → ar → en.
        booth("zh").setIncoming(IncomingSource.relay("ar"));
        booth("zh").setOutgoing("en");
        RelayCycleException e = assertThrows(RelayCycleException.class,
                () -> booth("ar").setIncoming(IncomingSource.relay("en")));
        assertTrue(e.getMessage().contains("booth zh relays ar into en"), e.getMessage());

        // And the other way round: switching the outgoing channel closes the loop.
        booth("zh").setOutgoing("zh");
        booth("ar").setIncoming(IncomingSource.relay("en"));
        assertThrows(RelayCycleException.class, () -> booth("zh").setOutgoing("en"));
        assertEquals("zh", booth("zh").outgoing());
    }

    @Test
    void relayingItsOwnChannelIsACycle() {
        RelayCycleException e = assertThrows(RelayCycleException.class,
                () -> booth("ar").setIncoming(IncomingSource.relay("ar")));
        assertEquals(List.of("ar", "ar"), e.cycle());
    }

    @Test
    void unknownRelayLanguageIsRefused() {
        RoutingException e = assertThrows(RoutingException.class,
                () -> booth("ar").setIncoming(IncomingSource.relay("de")));
        assertTrue(e.getMessage().contains("de"));
    }
}
