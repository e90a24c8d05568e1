package org.parley.signaling.webcast;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An estimate of a webcast's listeners: the distinct client addresses that fetched a media playlist
 * in the last {@link #WINDOW_NANOS} (a playing player reloads its live playlist every target duration).
 * Behind a CDN or a proxy every viewer has the proxy's address, so this counts the proxies; several
 * viewers behind one NAT count once. Bounded: past {@link #MAX_TRACKED} addresses new ones are not
 * tracked (the count saturates) until old ones expire.
 */
final class WebcastListeners {

    static final long WINDOW_NANOS = 30_000_000_000L;
    static final int MAX_TRACKED = 100_000;

    private final Map<InetAddress, Long> lastSeen = new ConcurrentHashMap<>();

    /** {@code client} fetched a media playlist at {@code nowNanos}. Event loop threads. */
    void seen(InetAddress client, long nowNanos) {
        if (client == null) {
            return;
        }
        if (lastSeen.size() >= MAX_TRACKED && !lastSeen.containsKey(client)) {
            return;
        }
        lastSeen.put(client, nowNanos);
    }

    /** Drops addresses not seen within the window and counts the rest. */
    int count(long nowNanos) {
        lastSeen.values().removeIf(seen -> nowNanos - seen > WINDOW_NANOS);
        return lastSeen.size();
    }
}
