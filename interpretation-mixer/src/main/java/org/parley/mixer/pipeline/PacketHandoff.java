package org.parley.mixer.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded, lock-free, many-producer single-consumer queue of RTP payloads with preallocated
 * slots: network threads {@link #offer} copies of packets, the mixer thread takes them in order.
 *
 * <p>The slot protocol is Dmitry Vyukov's bounded queue: each slot carries a sequence number that
 * says whose turn it is. A producer claims position {@code p} by CAS on the tail when the slot's
 * sequence equals {@code p}, fills the slot, and publishes it by setting the sequence to
 * {@code p + 1} (release). The consumer takes it when it reads {@code p + 1} (acquire) and frees it
 * for the next lap by setting {@code p + capacity}. Nothing is allocated after construction; a full
 * queue rejects the packet (the jitter buffer treats it as lost).
 */
final class PacketHandoff {

    /** An Ethernet MTU: no RTP payload that arrived over UDP on a normal path is larger. */
    static final int MAX_PAYLOAD_BYTES = 1500;

    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);

    private final int mask;
    private final long[] sequences;
    private final AtomicLong tail = new AtomicLong();
    private long head;

    // Slot contents, written by the producer that claimed the slot before it publishes it.
    private final long[] ssrcs;
    private final int[] sequenceNumbers;
    private final long[] timestamps;
    private final boolean[] markers;
    private final int[] audioLevels;
    private final long[] arrivals;
    private final int[] lengths;
    private final byte[][] payloads;

    /** @param capacity slots; a power of two */
    PacketHandoff(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        mask = capacity - 1;
        sequences = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            sequences[i] = i;
        }
        ssrcs = new long[capacity];
        sequenceNumbers = new int[capacity];
        timestamps = new long[capacity];
        markers = new boolean[capacity];
        audioLevels = new int[capacity];
        arrivals = new long[capacity];
        lengths = new int[capacity];
        payloads = new byte[capacity][MAX_PAYLOAD_BYTES];
    }

    /**
     * Copies one packet in. Any thread.
     *
     * @return false if the queue is full or the payload is too large (nothing stored)
     */
    boolean offer(long ssrc, int sequenceNumber, long timestamp, boolean marker, int audioLevel, long arrivalNanos,
                  byte[] payload, int off, int len) {
        if (len > MAX_PAYLOAD_BYTES) {
            return false;
        }
        int slot = claim();
        if (slot < 0) {
            return false;
        }
        System.arraycopy(payload, off, payloads[slot], 0, len);
        publish(slot, ssrc, sequenceNumber, timestamp, marker, audioLevel, arrivalNanos, len);
        return true;
    }

    /** Claims the next slot for a producer; -1 if the queue is full. */
    int claim() {
        long position = tail.get();
        while (true) {
            int slot = (int) (position & mask);
            long turn = (long) SEQUENCE.getAcquire(sequences, slot) - position;
            if (turn == 0) {
                if (tail.compareAndSet(position, position + 1)) {
                    return slot;
                }
                position = tail.get();
            } else if (turn < 0) {
                return -1; // the consumer has not freed this slot from the previous lap: full
            } else {
                position = tail.get(); // another producer took it; retry at the new tail
            }
        }
    }

    /** The payload array of a claimed slot, for a producer to copy into. */
    byte[] payloadOf(int slot) {
        return payloads[slot];
    }

    /** Fills in a claimed slot's header fields and hands it to the consumer. */
    void publish(int slot, long ssrc, int sequenceNumber, long timestamp, boolean marker, int audioLevel,
                 long arrivalNanos, int len) {
        ssrcs[slot] = ssrc;
        sequenceNumbers[slot] = sequenceNumber;
        timestamps[slot] = timestamp;
        markers[slot] = marker;
        audioLevels[slot] = audioLevel;
        arrivals[slot] = arrivalNanos;
        lengths[slot] = len;
        long position = (long) SEQUENCE.getOpaque(sequences, slot);
        SEQUENCE.setRelease(sequences, slot, position + 1);
    }

    /** Consumer: the slot of the oldest published packet, or -1 if none. Read it, then {@link #release}. */
    int peek() {
        int slot = (int) (head & mask);
        return (long) SEQUENCE.getAcquire(sequences, slot) == head + 1 ? slot : -1;
    }

    /** Consumer: frees the slot {@link #peek} returned for the producers' next lap. */
    void release(int slot) {
        SEQUENCE.setRelease(sequences, slot, head + mask + 1);
        head++;
    }

    long ssrc(int slot) {
        return ssrcs[slot];
    }

    int sequenceNumber(int slot) {
        return sequenceNumbers[slot];
    }

    long timestamp(int slot) {
        return timestamps[slot];
    }

    boolean marker(int slot) {
        return markers[slot];
    }

    int audioLevel(int slot) {
        return audioLevels[slot];
    }

    long arrivalNanos(int slot) {
        return arrivals[slot];
    }

    int length(int slot) {
        return lengths[slot];
    }

    byte[] payload(int slot) {
        return payloads[slot];
    }
}
