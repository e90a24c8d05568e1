package org.parley.signaling.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.signaling.store.Booth;

class RelayGraphTest {

    private static Booth booth(String language, String source) {
        return new Booth(language, source);
    }

    @Test
    void chainsThatReachTheFloorHaveNoCycle() {
        assertEquals(Optional.empty(), RelayGraph.findCycle(List.of()));
        assertEquals(Optional.empty(), RelayGraph.findCycle(List.of(
                booth("ar", "es"), booth("es", "fr"), booth("fr", "floor"), booth("zh", "floor"), booth("ru", "es"))));
    }

    @Test
    void findsTheCycleAndNotTheChainLeadingIntoIt() {
        assertEquals(Optional.of(List.of("fr", "fr")), RelayGraph.findCycle(List.of(booth("fr", "fr"))));
        assertEquals(Optional.of(List.of("es", "ru", "zh", "es")), RelayGraph.findCycle(List.of(
                booth("fr", "floor"), booth("ar", "es"), booth("es", "ru"), booth("ru", "zh"), booth("zh", "es"))));
    }
}
