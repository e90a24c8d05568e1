package org.parley.media.srtp;

/**
 * A sliding replay window over packet indices (RFC 3711 §3.3.2), as a ring of bitmap words in the
 * manner of RFC 6479: advancing the window clears whole words instead of shifting bits.
 *
 * <p>An index is accepted if it is newer than the highest one seen, or at most {@link #SIZE} - 1
 * behind it and not yet seen. {@link #isReplayed} only reads; {@link #accept} records an index
 * once its packet has been authenticated (§3.3 step 7).
 */
final class ReplayWindow {
    private static final int WORDS = 4;
    private static final int WORD_BITS = Long.SIZE;
    /** Guaranteed window: the ring less the word the highest index is in (RFC 3711 asks for >= 64). */
    static final int SIZE = (WORDS - 1) * WORD_BITS;

    private final long[] bitmap = new long[WORDS];
    private long highest = -1;

    /** True if {@code index} (non-negative) was already accepted or is too old to tell. */
    boolean isReplayed(long index) {
        if (index > highest) {
            return false;
        }
        if (highest - index >= SIZE) {
            return true;
        }
        return (bitmap[word(index)] & bit(index)) != 0;
    }

    /** Records {@code index}, advancing the window if it is the newest. */
    void accept(long index) {
        if (index > highest) {
            long from = highest < 0 ? -1 : highest / WORD_BITS;
            long to = index / WORD_BITS;
            // Clear the words the window moves into; after WORDS words every word has been cleared.
            long clear = Math.min(to - from, WORDS);
            for (long w = to; w > to - clear; w--) {
                bitmap[(int) (w % WORDS)] = 0;
            }
            highest = index;
        }
        bitmap[word(index)] |= bit(index);
    }

    private static int word(long index) {
        return (int) ((index / WORD_BITS) % WORDS);
    }

    private static long bit(long index) {
        return 1L << (index % WORD_BITS);
    }
}
