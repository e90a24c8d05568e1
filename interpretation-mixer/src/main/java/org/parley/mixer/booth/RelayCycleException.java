package org.parley.mixer.booth;

import java.util.List;

/** The requested relay or outgoing channel would make a channel depend on itself. */
public final class RelayCycleException extends RoutingException {

    private final List<String> cycle;

    RelayCycleException(List<String> cycle, String message) {
        super(message);
        this.cycle = List.copyOf(cycle);
    }

    /** The channels of the cycle in dependency order, the first repeated at the end (e.g. ar, en, ar). */
    public List<String> cycle() {
        return cycle;
    }
}
