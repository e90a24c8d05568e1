package org.parley.media.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands packets of {@linkplain Producer#local local producers}, made on another thread (the mixer),
 * to the media event loop, where {@link Producer#onRtp} must run.
 *
 * <p>{@link #offer} copies the frame into a pooled buffer and puts it in a preallocated
 * single-producer/single-consumer ring; only the first packet after a drain schedules a task, so all
 * the frames of one mixer tick go over in one task rather than one per packet. On the event loop
 * each packet is forwarded, then released. After setup nothing is allocated on the heap.
 *
 * <p>{@link #offer} belongs to one thread at a time (a meeting's mixer thread).
 */
public final class RtpInjector implements AutoCloseable {

    private final Executor eventLoop;
    private final ByteBufAllocator allocator;
    private final int mask;
    private final Producer[] producers;
    private final ByteBuf[] packets;
    /** Next slot to fill; written by the offering thread only. */
    private final AtomicLong tail = new AtomicLong();
    /** Next slot to forward; written by the event loop only. */
    private final AtomicLong head = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final Runnable drain = this::drain;
    private volatile boolean closed;

    /**
     * @param eventLoop the media event loop ({@link org.parley.media.MediaServer#eventLoop()})
     * @param capacity  packets in flight at most, rounded up to a power of two: a few ticks' worth
     */
    public RtpInjector(Executor eventLoop, ByteBufAllocator allocator, int capacity) {
        if (capacity < 1 || capacity > 1 << 16) {
            throw new IllegalArgumentException("capacity " + capacity + " is not in 1..65536");
        }
        int size = Integer.highestOneBit(capacity - 1) << 1;
        size = Math.max(size, 1);
        this.eventLoop = eventLoop;
        this.allocator = allocator;
        this.mask = size - 1;
        this.producers = new Producer[size];
        this.packets = new ByteBuf[size];
    }

    /**
     * Packetizes one frame of {@code stream} and queues it for the event loop. {@code payload} is
     * copied: the caller may reuse it on return.
     *
     * @return false if the packet was dropped: the event loop is behind, or the injector is closed
     */
    public boolean offer(LocalRtpStream stream, byte[] payload, int length, long timestamp, int durationSamples) {
        long t = tail.get();
        if (closed || t - head.get() > mask) {
            dropped.incrementAndGet();
            return false;
        }
        int slot = (int) (t & mask);
        producers[slot] = stream.producer();
        packets[slot] = stream.packetize(allocator, payload, length, timestamp, durationSamples);
        tail.lazySet(t + 1);
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            try {
                eventLoop.execute(drain);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false); // shutting down: close() releases what is queued
            }
        }
        return true;
    }

    /** Packets {@link #offer} dropped. */
    public long dropped() {
        return dropped.get();
    }

    /** Event loop: forwards and releases every queued packet. */
    private void drain() {
        // Cleared before reading the tail: an offer published after this read schedules the next drain.
        drainScheduled.set(false);
        long nowNanos = System.nanoTime();
        long h = head.get();
        long t = tail.get();
        for (; h < t; h++) {
            int slot = (int) (h & mask);
            Producer producer = producers[slot];
            ByteBuf packet = packets[slot];
            producers[slot] = null;
            packets[slot] = null;
            try {
                if (!closed && !producer.isClosed()) {
                    producer.onRtp(packet, nowNanos);
                }
            } finally {
                packet.release();
                head.lazySet(h + 1);
            }
        }
    }

    /**
     * Stops forwarding and releases what is still queued, on the event loop (or here if it has shut
     * down). Call after the offering thread has stopped offering.
     */
    @Override
    public void close() {
        closed = true;
        try {
            eventLoop.execute(drain);
        } catch (RejectedExecutionException e) {
            drain();
        }
    }
}
