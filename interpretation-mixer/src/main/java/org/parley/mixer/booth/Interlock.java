package org.parley.mixer.booth;

import java.util.HashMap;
import java.util.Map;

/**
 * The microphone interlock of one meeting: at most one live microphone per outgoing channel,
 * across all booths (two booths may share a channel through a retour).
 */
public final class Interlock {

    private final Map<String, Interpreter> liveByChannel = new HashMap<>();

    Interlock() {
    }

    /** The interpreter live on {@code channel}, or null when the channel's booths are idle. */
    public Interpreter liveOn(String channel) {
        return liveByChannel.get(channel);
    }

    boolean claim(String channel, Interpreter interpreter) {
        return liveByChannel.putIfAbsent(channel, interpreter) == null;
    }

    void release(String channel, Interpreter interpreter) {
        liveByChannel.remove(channel, interpreter);
    }

    void transfer(String channel, Interpreter from, Interpreter to) {
        liveByChannel.replace(channel, from, to);
    }
}
