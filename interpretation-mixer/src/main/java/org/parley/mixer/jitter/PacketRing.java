package org.parley.mixer.jitter;

import java.util.Arrays;

/**
 * Preallocated packet storage indexed by extended sequence number modulo {@value #SLOTS}. Callers
 * keep every stored sequence number within {@value #SLOTS} of each other, so a slot holds at most
 * one live packet; a slot whose recorded sequence number differs from the one asked for is empty.
 */
final class PacketRing {

    static final int SLOTS = 64;
    /** An Ethernet MTU: no RTP payload that arrived over UDP on a normal path is larger. */
    static final int SLOT_BYTES = 1500;

    private static final int MASK = SLOTS - 1;
    private static final long EMPTY = Long.MIN_VALUE;

    private final byte[][] payloads = new byte[SLOTS][SLOT_BYTES];
    private final int[] lengths = new int[SLOTS];
    private final long[] sequences = new long[SLOTS];

    PacketRing() {
        clear();
    }

    boolean contains(long sequence) {
        return sequences[slot(sequence)] == sequence;
    }

    /** Copies the payload into the sequence number's slot, replacing whatever was there. */
    void store(long sequence, byte[] payload, int off, int len) {
        int slot = slot(sequence);
        System.arraycopy(payload, off, payloads[slot], 0, len);
        lengths[slot] = len;
        sequences[slot] = sequence;
    }

    /** The slot's bytes; valid from index 0 for {@link #length} bytes while {@link #contains} holds. */
    byte[] payload(long sequence) {
        return payloads[slot(sequence)];
    }

    int length(long sequence) {
        return lengths[slot(sequence)];
    }

    void remove(long sequence) {
        int slot = slot(sequence);
        if (sequences[slot] == sequence) {
            sequences[slot] = EMPTY;
        }
    }

    void clear() {
        Arrays.fill(sequences, EMPTY);
    }

    private static int slot(long sequence) {
        return (int) (sequence & MASK);
    }
}
