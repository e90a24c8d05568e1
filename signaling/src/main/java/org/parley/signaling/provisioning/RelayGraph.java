package org.parley.signaling.provisioning;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.parley.signaling.store.Booth;

/**
 * Who relays whom: each booth listens to the floor or to one other booth. Every booth has exactly one
 * source, so the graph is a set of chains that must all end at the floor; a chain that returns to a
 * booth it passed is a cycle, and nobody on it would ever hear the floor.
 */
final class RelayGraph {

    private RelayGraph() {
    }

    /** The first cycle, as the booth languages along it ending with the first again (e.g. fr, es, fr); empty if none. */
    static Optional<List<String>> findCycle(List<Booth> booths) {
        Map<String, String> sourceOf = new LinkedHashMap<>();
        for (Booth booth : booths) {
            sourceOf.put(booth.language(), booth.relaySource());
        }
        Set<String> reachesFloor = new HashSet<>();
        for (String start : sourceOf.keySet()) {
            List<String> chain = new ArrayList<>();
            String current = start;
            // Bounded: each step visits a booth not yet on the chain, or stops.
            while (sourceOf.containsKey(current) && !reachesFloor.contains(current)) {
                int seen = chain.indexOf(current);
                if (seen >= 0) {
                    List<String> cycle = new ArrayList<>(chain.subList(seen, chain.size()));
                    cycle.add(current);
                    return Optional.of(cycle);
                }
                chain.add(current);
                current = sourceOf.get(current);
            }
            reachesFloor.addAll(chain);
        }
        return Optional.empty();
    }
}
