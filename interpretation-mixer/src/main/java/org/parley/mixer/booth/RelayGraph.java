package org.parley.mixer.booth;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependencies between language channels: a booth that relays channel X and speaks into
 * channel O makes O depend on X. The graph must stay acyclic (relays may chain but never loop,
 * including loops closed by a retour), and its topological order is the order in which a tick
 * evaluates channels, so a relayed channel is always produced earlier in the same tick.
 */
public final class RelayGraph {

    private final List<Booth> booths;
    private List<String> order = List.of();
    private int version;

    RelayGraph(List<Booth> booths) {
        this.booths = booths;
    }

    /**
     * Refuses a change of {@code booth}'s routing to ({@code incoming}, {@code outgoing}) that would close a cycle.
     *
     * @throws RelayCycleException naming the cycle, e.g. "relay cycle ar → en → ar (...)"
     */
    void check(Booth booth, IncomingSource incoming, String outgoing) throws RelayCycleException {
        Map<String, List<Edge>> edges = edges(booth, incoming, outgoing);
        Set<String> visiting = new HashSet<>();
        Set<String> done = new HashSet<>();
        for (String language : edges.keySet()) {
            List<Edge> path = new ArrayList<>();
            if (findCycle(language, edges, visiting, done, path)) {
                throw cycleException(path);
            }
        }
    }

    /** Records that routing changed; the evaluation order is recomputed. */
    void changed() {
        Map<String, List<Edge>> edges = edges(null, null, null);
        Map<String, Integer> indegree = new LinkedHashMap<>();
        edges.keySet().forEach(language -> indegree.put(language, 0));
        edges.values().forEach(out -> out.forEach(edge -> indegree.merge(edge.to, 1, Integer::sum)));
        ArrayDeque<String> ready = new ArrayDeque<>();
        indegree.forEach((language, degree) -> {
            if (degree == 0) {
                ready.add(language);
            }
        });
        List<String> sorted = new ArrayList<>(indegree.size());
        while (!ready.isEmpty()) {
            String language = ready.poll();
            sorted.add(language);
            for (Edge edge : edges.get(language)) {
                if (indegree.merge(edge.to, -1, Integer::sum) == 0) {
                    ready.add(edge.to);
                }
            }
        }
        if (sorted.size() != indegree.size()) {
            throw new IllegalStateException("relay graph has a cycle despite checks: " + edges);
        }
        order = List.copyOf(sorted);
        version++;
    }

    /** All channels, each after every channel it relays from (directly or through a chain). */
    public List<String> evaluationOrder() {
        return order;
    }

    /** Increases on every routing change, so a tick knows when to rebuild its evaluation plan. */
    public int version() {
        return version;
    }

    /** Edges relayed channel → outgoing channel, with {@code changed}'s routing replaced by the proposal. */
    private Map<String, List<Edge>> edges(Booth changed, IncomingSource proposedIn, String proposedOut) {
        Map<String, List<Edge>> edges = new LinkedHashMap<>();
        for (Booth booth : booths) {
            edges.put(booth.language(), new ArrayList<>());
        }
        for (Booth booth : booths) {
            IncomingSource in = booth == changed ? proposedIn : booth.incoming();
            String out = booth == changed ? proposedOut : booth.outgoing();
            if (in instanceof IncomingSource.Relay(String relayed)) {
                edges.get(relayed).add(new Edge(relayed, out, booth.language()));
            }
        }
        return edges;
    }

    /** Depth-first search; on a back edge, {@code path} ends with the edges of the cycle. */
    private static boolean findCycle(String language, Map<String, List<Edge>> edges, Set<String> visiting,
                                     Set<String> done, List<Edge> path) {
        if (done.contains(language)) {
            return false;
        }
        visiting.add(language);
        for (Edge edge : edges.get(language)) {
            path.add(edge);
            if (visiting.contains(edge.to) || findCycle(edge.to, edges, visiting, done, path)) {
                return true;
            }
            path.removeLast();
        }
        visiting.remove(language);
        done.add(language);
        return false;
    }

    private static RelayCycleException cycleException(List<Edge> path) {
        String start = path.getLast().to;
        int first = 0;
        while (!path.get(first).from.equals(start)) {
            first++;
        }
        List<Edge> cycleEdges = path.subList(first, path.size());
        List<String> cycle = new ArrayList<>();
        StringBuilder booths = new StringBuilder();
        for (Edge edge : cycleEdges) {
            cycle.add(edge.from);
            if (!booths.isEmpty()) {
                booths.append(", ");
            }
            booths.append("booth ").append(edge.booth).append(" relays ").append(edge.from)
                    .append(" into ").append(edge.to);
        }
        cycle.add(start);
        return new RelayCycleException(cycle, "relay cycle " + String.join(" → ", cycle) + " (" + booths + ")");
    }

    private record Edge(String from, String to, String booth) {
    }
}
