package org.parley.signaling.ws;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import org.parley.signaling.config.SignalingLimits.ConnectionLimits;

/**
 * What each source IP address holds, shared by all connections: its open WebSockets
 * ({@code limits.connectionsPerAddress}) and a token bucket of joins ({@code limits.joinsPerSecondPerAddress},
 * {@code limits.joinBurstPerAddress}). An address is forgotten once it has no WebSocket and its bucket is
 * full again (checked when its last WebSocket closes, and in a sweep when many are remembered), so the map
 * holds only addresses that are connected or joined recently. Thread-safe: connections on every event
 * loop ask it, a few times per connection, never per message.
 */
public final class SourceAddressLimits {

    /** Past this many remembered addresses, idle ones are swept out (at most once a second). */
    private static final int SWEEP_ABOVE = 4096;
    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final ConnectionLimits limits;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Source> sources = new HashMap<>();
    private long lastSweep;

    public SourceAddressLimits(ConnectionLimits limits) {
        this(limits, System::nanoTime);
    }

    SourceAddressLimits(ConnectionLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.lastSweep = nanoClock.getAsLong();
    }

    /** Takes a WebSocket slot of {@code address}; false if it has {@code connectionsPerAddress} already. */
    public synchronized boolean tryOpen(InetAddress address) {
        Source source = source(address);
        if (source.connections >= limits.connectionsPerAddress()) {
            return false;
        }
        source.connections++;
        return true;
    }

    /** Gives back a slot taken by {@link #tryOpen}. */
    public synchronized void closed(InetAddress address) {
        Source source = sources.get(address);
        if (source == null) {
            return;
        }
        source.connections--;
        if (source.connections <= 0 && source.joins.full()) {
            sources.remove(address);
        }
    }

    /** Takes a join token of {@code address}; false if its bucket is empty. */
    public synchronized boolean tryJoin(InetAddress address) {
        return source(address).joins.tryTake();
    }

    /** Addresses remembered now (for tests and the sweep). */
    synchronized int remembered() {
        return sources.size();
    }

    private Source source(InetAddress address) {
        Source source = sources.get(address);
        if (source == null) {
            sweepIfLarge();
            source = new Source(new TokenBucket(limits.joinsPerSecondPerAddress(), limits.joinBurstPerAddress(), nanoClock));
            sources.put(address, source);
        }
        return source;
    }

    private void sweepIfLarge() {
        long now = nanoClock.getAsLong();
        if (sources.size() < SWEEP_ABOVE || now - lastSweep < SWEEP_INTERVAL_NANOS) {
            return;
        }
        lastSweep = now;
        for (Iterator<Source> it = sources.values().iterator(); it.hasNext(); ) {
            Source source = it.next();
            if (source.connections <= 0 && source.joins.full()) {
                it.remove();
            }
        }
    }

    private static final class Source {
        final TokenBucket joins;
        int connections;

        Source(TokenBucket joins) {
            this.joins = joins;
        }
    }
}
