package org.parley.signaling.dashboard;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.parley.signaling.config.TurnConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses of the configured TURN servers ({@code turn.urls}): media arriving from one of them is
 * relayed. coturn relays from the address it listens on unless told otherwise ({@code relay-ip},
 * {@code external-ip}); a relay address of its own is not known here and shows as UDP.
 */
public final class TurnRelays {

    private static final Logger LOG = LoggerFactory.getLogger(TurnRelays.class);

    /** No TURN servers: nothing is relayed. */
    public static final TurnRelays NONE = new TurnRelays(Set.of());

    private final Set<InetAddress> addresses;

    TurnRelays(Set<InetAddress> addresses) {
        this.addresses = Set.copyOf(addresses);
    }

    /**
     * Resolves the hosts of {@code turn}'s URLs (RFC 7065: {@code turn:host[:port][?transport=…]}) once,
     * at start: a name that does not resolve is logged and left out.
     */
    public static TurnRelays of(Optional<TurnConfig> turn) {
        if (turn.isEmpty()) {
            return NONE;
        }
        Set<InetAddress> addresses = new HashSet<>();
        for (String url : turn.get().urls()) {
            String host = host(url);
            if (host == null) {
                continue;
            }
            try {
                addresses.addAll(List.of(InetAddress.getAllByName(host)));
            } catch (UnknownHostException e) {
                LOG.warn("TURN server {} does not resolve: the dashboard will show its relayed media as UDP", host);
            }
        }
        return new TurnRelays(addresses);
    }

    /** The host of a TURN URL, brackets of an IPv6 literal removed, or null if there is none. */
    static String host(String url) {
        int colon = url.indexOf(':');
        if (colon < 0) {
            return null;
        }
        // "turn:host:port?x" is opaque to URI; "turn://host:port" is not, and gives the host directly.
        String host;
        try {
            host = URI.create("turn://" + url.substring(colon + 1).replaceFirst("^//", "")).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (host == null) {
            return null;
        }
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Whether media from {@code address} comes through one of the TURN servers. */
    public boolean relays(InetAddress address) {
        return address != null && addresses.contains(address);
    }
}
