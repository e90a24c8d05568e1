package org.parley.signaling.statistics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How long a participant listened to each channel. A channel is whatever its user names it by: the
 * participation log names a producer id, the statistics a language channel ({@code floor} or a language
 * code). A channel counts while at least one receiving m-line ({@code mid}) forwards it: two m-lines on
 * the same channel count once, and a switch stops one channel and starts the next at the same instant,
 * so the channels one m-line switched between add up to the time it played. Not thread-safe: its owner
 * confines or locks it.
 */
public final class ChannelClock {

    private final LongSupplier nanoTime;
    /** Per mid: the channel it forwards. */
    private final Map<String, String> channelOfMid = new HashMap<>();
    /** Per channel forwarded now: how many mids forward it, and since when (nanoTime) one does. */
    private final Map<String, Integer> midsOfChannel = new HashMap<>();
    private final Map<String, Long> sinceOfChannel = new HashMap<>();
    private final Map<String, Long> totalNanos = new LinkedHashMap<>();

    public ChannelClock(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The m-line {@code mid} now forwards {@code channel}; whatever it forwarded before stops counting. */
    public void listen(String mid, String channel) {
        stop(mid);
        channelOfMid.put(mid, channel);
        if (midsOfChannel.merge(channel, 1, Integer::sum) == 1) {
            sinceOfChannel.put(channel, nanoTime.getAsLong());
        }
    }

    /** The m-line {@code mid} forwards nothing any more. */
    public void stop(String mid) {
        String channel = channelOfMid.remove(mid);
        if (channel == null) {
            return;
        }
        if (midsOfChannel.merge(channel, -1, Integer::sum) == 0) {
            midsOfChannel.remove(channel);
            totalNanos.merge(channel, nanoTime.getAsLong() - sinceOfChannel.remove(channel), Long::sum);
        }
    }

    /** Every m-line stops forwarding (e.g. their transport closed). */
    public void stopAll() {
        for (String mid : channelOfMid.keySet().toArray(new String[0])) {
            stop(mid);
        }
    }

    /** The milliseconds per channel so far, the channels forwarded now counted up to now; nothing stops. */
    public Map<String, Long> millisSoFar() {
        long now = nanoTime.getAsLong();
        Map<String, Long> nanos = new LinkedHashMap<>(totalNanos);
        sinceOfChannel.forEach((channel, since) -> nanos.merge(channel, now - since, Long::sum));
        Map<String, Long> millis = new LinkedHashMap<>();
        nanos.forEach((channel, total) -> millis.put(channel, total / 1_000_000));
        return millis;
    }

    /** Stops every m-line and returns the milliseconds per channel, then starts from zero. */
    public Map<String, Long> finish() {
        stopAll();
        Map<String, Long> millis = millisSoFar();
        totalNanos.clear();
        return millis;
    }
}
