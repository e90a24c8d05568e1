package org.parley.signaling.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.parley.signaling.config.TurnConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses from which Parley's TURN servers relay media, to tell a participant whose path goes
 * through TURN from one connected directly. A TURN server sends a client's media from its relayed
 * transport address (RFC 8656 §2), which for coturn is its listening address or {@code external-ip}:
 * what the host names of {@code turn.urls} resolve to. A direct participant never comes from the
 * TURN server's address, so "the selected path's peer is a TURN server" is "relayed". This costs one
 * set lookup per transport and scrape, nothing per packet; ICE-lite cannot know it otherwise (the
 * client's candidate type is not in its Binding requests, RFC 8445 §7.1.1).
 *
 * <p>The names are resolved once, when the server starts; a TURN server that moves to another address
 * is seen after a restart. A TURN server relaying from an address its name does not resolve to
 * ({@code relay-ip} unlike the listening one) is counted as direct.
 */
public final class TurnRelays {

    /** Without TURN servers: nothing is relayed. */
    public static final TurnRelays NONE = new TurnRelays(Set.of());

    private static final Logger LOG = LoggerFactory.getLogger(TurnRelays.class);

    private final Set<InetAddress> addresses;

    private TurnRelays(Set<InetAddress> addresses) {
        this.addresses = Set.copyOf(addresses);
    }

    /** Resolves the hosts of {@code turn}'s URLs now (DNS for names); a name that does not resolve is logged and left out. */
    public static TurnRelays resolve(Optional<TurnConfig> turn) {
        if (turn.isEmpty()) {
            return NONE;
        }
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (String host : turn.get().hosts()) {
            try {
                addresses.addAll(Arrays.asList(InetAddress.getAllByName(host)));
            } catch (UnknownHostException e) {
                LOG.warn("TURN server {} does not resolve: participants relayed through it count as UDP in"
                        + " parley_transports until a restart", host);
            }
        }
        return new TurnRelays(addresses);
    }

    /** Whether media from {@code peer} comes through one of the TURN servers. */
    public boolean relayed(InetSocketAddress peer) {
        return peer != null && addresses.contains(peer.getAddress());
    }

    /** The relay addresses known. */
    public Set<InetAddress> addresses() {
        return addresses;
    }
}
