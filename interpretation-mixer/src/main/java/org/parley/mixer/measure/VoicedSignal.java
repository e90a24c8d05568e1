package org.parley.mixer.measure;

/**
 * A synthetic voiced signal at 48 kHz mono, for comparing codec settings by waveform SNR: twelve
 * harmonics of a pitch gliding 140 ± 40 Hz at 0.7 Hz, amplitude-modulated at 4 Hz like syllables.
 * It has no noise: noise is not waveform-coded, so it would mask the differences between settings.
 */
public final class VoicedSignal {

    public static final int RATE = 48_000;

    private VoicedSignal() {
    }

    /** The first {@code length} samples of the signal (the same every call). */
    public static short[] of(int length) {
        short[] pcm = new short[length];
        double phase = 0;
        for (int i = 0; i < length; i++) {
            double t = (double) i / RATE;
            phase += 2 * Math.PI * (140 + 40 * Math.sin(2 * Math.PI * 0.7 * t)) / RATE;
            double harmonics = 0;
            for (int h = 1; h <= 12; h++) {
                harmonics += Math.sin(h * phase) / h;
            }
            pcm[i] = (short) (5000 * (0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t)) * harmonics);
        }
        return pcm;
    }
}
