package org.parley.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.parley.mixer.measure.SpeechWav;

/**
 * Speech for codec measurements at 48 kHz mono, read from a 16-bit PCM WAV file (as
 * {@code espeak-ng -w} writes it, 22.05 kHz) by the mixer's {@link SpeechWav}; the synthetic voiced
 * signal is the mixer's {@link org.parley.mixer.measure.VoicedSignal}.
 */
final class SpeechSignal {

    static final int RATE = SpeechWav.RATE;

    private SpeechSignal() {
    }

    /**
     * Reads a mono 16-bit PCM WAV file, resamples it to 48 kHz (windowed sinc) and scales it so
     * that its speech (10 ms blocks within 40 dB of the loudest) has an RMS level of
     * {@code levelDbfs}, as the channel's level normaliser would deliver it.
     *
     * @throws IOException if the file is not a mono 16-bit PCM WAV file
     */
    static short[] readWav(Path file, double levelDbfs) throws IOException {
        return SpeechWav.read(file, levelDbfs);
    }
}
