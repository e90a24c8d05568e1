package org.parley.signaling.peer;

/**
 * The most recent mono 16-bit samples of one received track, overwriting the oldest.
 *
 * <p>Written by libwebrtc's playout thread, read by the test thread; both go through this object's
 * monitor, which costs nothing next to a 10 ms audio callback.
 */
final class PcmRing {

    private final short[] samples;
    private long written;
    private int sampleRate;

    PcmRing(int capacity) {
        samples = new short[capacity];
    }

    /**
     * Appends one callback's worth of little-endian 16-bit interleaved PCM, keeping channel 0 only (libwebrtc
     * duplicates mono into both channels when it plays out stereo).
     */
    synchronized void append(byte[] pcm, int channels, int frames, int rate) {
        sampleRate = rate;
        int available = Math.min(frames, pcm.length / (2 * channels));
        for (int frame = 0; frame < available; frame++) {
            int offset = frame * channels * 2;
            short sample = (short) ((pcm[offset] & 0xff) | (pcm[offset + 1] << 8));
            samples[(int) (written % samples.length)] = sample;
            written++;
        }
    }

    /** The last {@code count} samples, oldest first; fewer if fewer were received. */
    synchronized short[] recent(int count) {
        int length = (int) Math.min(Math.min(count, samples.length), written);
        short[] copy = new short[length];
        long start = written - length;
        for (int i = 0; i < length; i++) {
            copy[i] = samples[(int) ((start + i) % samples.length)];
        }
        return copy;
    }

    /** Total samples appended since creation. */
    synchronized long written() {
        return written;
    }

    /** Sample rate of the last callback, 0 before the first. */
    synchronized int sampleRate() {
        return sampleRate;
    }
}
