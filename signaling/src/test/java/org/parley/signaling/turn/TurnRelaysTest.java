package org.parley.signaling.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.parley.signaling.config.TurnConfig;

class TurnRelaysTest {

    private static final String SECRET = "north-by-northwest-1959";

    @Test
    void theHostsOfTheUrlsAreTheRelayAddressesWhateverThePortOrScheme() throws Exception {
        TurnConfig config = new TurnConfig(List.of("turn:192.0.2.7:3478?transport=udp", "turn:192.0.2.7:3478?transport=tcp",
                "turns:[2001:db8::7]:5349?transport=tcp", "turn:localhost"), SECRET, Duration.ofHours(1));
        assertEquals(List.of("192.0.2.7", "2001:db8::7", "localhost"), config.hosts());

        TurnRelays relays = TurnRelays.resolve(Optional.of(config));

        assertTrue(relays.addresses().containsAll(Set.of(InetAddress.getByName("192.0.2.7"),
                InetAddress.getByName("2001:db8::7"), InetAddress.getByName("127.0.0.1"))), relays.addresses().toString());
        assertTrue(relays.relayed(new InetSocketAddress("192.0.2.7", 61_234)), "any relayed port of the server");
        assertTrue(relays.relayed(new InetSocketAddress("2001:db8::7", 50_000)));
        assertFalse(relays.relayed(new InetSocketAddress("192.0.2.8", 3478)), "a direct peer");
        assertFalse(relays.relayed(null), "no path selected yet");
    }

    @Test
    void withoutTurnNothingIsRelayed() throws Exception {
        assertFalse(TurnRelays.resolve(Optional.empty()).relayed(new InetSocketAddress("192.0.2.7", 3478)));
        assertEquals(Set.of(), TurnRelays.NONE.addresses());
    }

    @Test
    void aNameThatDoesNotResolveIsLeftOut() {
        // RFC 6761 §6.4: .invalid never resolves.
        TurnRelays relays = TurnRelays.resolve(Optional.of(new TurnConfig(
                List.of("turn:turn.example.invalid:3478?transport=udp", "turn:192.0.2.9"), SECRET, Duration.ofHours(1))));
        assertEquals(Set.of("192.0.2.9"), Set.copyOf(relays.addresses().stream().map(InetAddress::getHostAddress).toList()));
    }
}
