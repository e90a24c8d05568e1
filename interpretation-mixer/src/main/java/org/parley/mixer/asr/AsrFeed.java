package org.parley.mixer.asr;

/**
 * Hands one channel's 48 kHz PCM from the mixer thread to its {@link AsrWorker}: a single-producer,
 * single-consumer ring of samples allocated once. {@link #offer} (mixer thread, within the tick) copies
 * and publishes, nothing else — no lock, no allocation; a ring the worker has not emptied (it fell
 * more than {@link #capacitySamples()} behind) drops the frame and counts it.
 */
public final class AsrFeed {

    /** What the ring holds by default: 2.7 s at 48 kHz (2^17 samples), for a worker held up briefly. */
    public static final int DEFAULT_CAPACITY = 1 << 17;

    private final short[] ring;
    private final int mask;
    private volatile long written;
    private volatile long read;
    private volatile long droppedSamples;

    /** @param capacity samples the ring holds, a power of two */
    public AsrFeed(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        ring = new short[capacity];
        mask = capacity - 1;
    }

    /**
     * Mixer thread: queues {@code count} samples of {@code pcm} for recognition.
     *
     * @return false if the ring had no room and the frame was dropped (counted)
     */
    public boolean offer(short[] pcm, int count) {
        java.util.Objects.checkFromIndexSize(0, count, pcm.length);
        long w = written;
        if (count > ring.length - (w - read)) {
            droppedSamples += count; // only this thread writes it
            return false;
        }
        int at = (int) (w & mask);
        int first = Math.min(count, ring.length - at);
        System.arraycopy(pcm, 0, ring, at, first);
        System.arraycopy(pcm, first, ring, 0, count - first);
        written = w + count;
        return true;
    }

    /** Worker thread: moves up to {@code out.length} queued samples into {@code out}; returns how many. */
    int poll(short[] out) {
        long r = read;
        int n = (int) Math.min(out.length, written - r);
        int at = (int) (r & mask);
        int first = Math.min(n, ring.length - at);
        System.arraycopy(ring, at, out, 0, first);
        System.arraycopy(ring, 0, out, first, n - first);
        read = r + n;
        return n;
    }

    /** Samples dropped because the ring was full; any thread. */
    public long droppedSamples() {
        return droppedSamples;
    }

    /** Samples the ring holds; for sizing. */
    public int capacitySamples() {
        return ring.length;
    }
}
