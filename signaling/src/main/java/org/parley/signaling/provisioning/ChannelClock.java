package org.parley.signaling.provisioning;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How long a participant listened to each channel, for the participation log. A channel is what one
 * receiving m-line forwards; today that is a producer id, so the channel is named by it. Confined to the
 * session's thread.
 */
public final class ChannelClock {

    private final LongSupplier nanoTime;
    /** Per mid: the channel it forwards and since when (nanoTime). */
    private final Map<String, String> channelOfMid = new HashMap<>();
    private final Map<String, Long> sinceOfMid = new HashMap<>();
    private final Map<String, Long> totalNanos = new LinkedHashMap<>();

    public ChannelClock(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The m-line {@code mid} now forwards {@code channel}; whatever it forwarded before stops counting. */
    public void listen(String mid, String channel) {
        stop(mid);
        channelOfMid.put(mid, channel);
        sinceOfMid.put(mid, nanoTime.getAsLong());
    }

    /** The m-line {@code mid} forwards nothing any more. */
    public void stop(String mid) {
        String channel = channelOfMid.remove(mid);
        if (channel != null) {
            long elapsed = nanoTime.getAsLong() - sinceOfMid.remove(mid);
            totalNanos.merge(channel, elapsed, Long::sum);
        }
    }

    /** Every m-line stops forwarding (e.g. their transport closed). */
    public void stopAll() {
        for (String mid : channelOfMid.keySet().toArray(new String[0])) {
            stop(mid);
        }
    }

    /** Stops every m-line and returns the milliseconds per channel, then starts from zero. */
    public Map<String, Long> finish() {
        stopAll();
        Map<String, Long> millis = new LinkedHashMap<>();
        totalNanos.forEach((channel, nanos) -> millis.put(channel, nanos / 1_000_000));
        totalNanos.clear();
        return millis;
    }
}
