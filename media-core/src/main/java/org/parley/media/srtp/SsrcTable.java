package org.parley.media.srtp;

/**
 * A bounded map from SSRC to per-stream state, open-addressed over primitive keys so lookups neither
 * box nor allocate. Entries are never removed: a transport's SSRCs live as long as its keys.
 *
 * @param <S> the per-SSRC state
 */
final class SsrcTable<S> {
    private final int limit;
    private final int[] keys;
    private final Object[] values;
    private final int mask;
    private int size;

    /** A table holding at most {@code limit} SSRCs. */
    SsrcTable(int limit) {
        this.limit = limit;
        int capacity = Integer.highestOneBit(Math.max(2, limit) * 2 - 1) * 2; // load factor <= 1/2
        keys = new int[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    /** The state of {@code ssrc}, or null if it has none yet. */
    @SuppressWarnings("unchecked")
    S get(int ssrc) {
        for (int i = slot(ssrc); ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null || keys[i] == ssrc) {
                return (S) value;
            }
        }
    }

    /** True if no further SSRC can be added. */
    boolean isFull() {
        return size >= limit;
    }

    /** Adds the state of an SSRC that has none; the caller checks {@link #isFull()} first. */
    void put(int ssrc, S state) {
        if (isFull()) {
            throw new IllegalStateException("SSRC table full");
        }
        int i = slot(ssrc);
        while (values[i] != null) {
            if (keys[i] == ssrc) {
                throw new IllegalStateException("SSRC already present");
            }
            i = (i + 1) & mask;
        }
        keys[i] = ssrc;
        values[i] = state;
        size++;
    }

    int size() {
        return size;
    }

    private int slot(int ssrc) {
        return (ssrc * 0x9E3779B9) >>> 16 & mask; // Fibonacci hashing spreads sequential SSRCs
    }
}
