package org.parley.mixer.channel;

/** Test signal: a continuous-phase sine delivered one 16-bit frame at a time into a reused array. */
public final class Tone {

    private final double step;
    private final double amplitude;
    private final short[] frame;
    private long sample;

    public Tone(double frequency, double amplitude, int frameSamples) {
        this.step = 2 * Math.PI * frequency / 48_000;
        this.amplitude = amplitude;
        this.frame = new short[frameSamples];
    }

    /** The next frame; the same array every call. */
    public short[] next() {
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (short) Math.round(32767 * amplitude * Math.sin(step * sample++));
        }
        return frame;
    }

    /** The next frame as floats in a new array. */
    public float[] nextFloats() {
        short[] pcm = next();
        float[] out = new float[pcm.length];
        Pcm16.toFloat(pcm, out, pcm.length);
        return out;
    }
}
