package org.parley.signaling.browser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes WAV files with a known signal, for Chromium's {@code --use-file-for-fake-audio-capture}.
 */
public final class WavFile {

    private static final int BYTES_PER_SAMPLE = 2;
    private static final int HEADER_BYTES = 44;
    /** Half of full scale: loud enough to measure, far from clipping. */
    private static final double AMPLITUDE = 0.5 * Short.MAX_VALUE;

    private WavFile() {
    }

    /**
     * Writes a sine tone as 16-bit little-endian PCM, mono, in a canonical 44-byte RIFF/WAVE header.
     *
     * @param hz         tone frequency, below half the sample rate
     * @param seconds    duration (Chromium loops the file, so a few seconds is enough)
     * @param sampleRate samples per second, e.g. 48000
     */
    public static void writeTone(Path file, double hz, double seconds, int sampleRate) throws IOException {
        if (sampleRate <= 0 || !(hz > 0 && hz < sampleRate / 2.0) || !(seconds > 0)) {
            throw new IllegalArgumentException(
                    "need 0 < hz < sampleRate/2 and seconds > 0: hz=" + hz + " seconds=" + seconds
                            + " sampleRate=" + sampleRate);
        }
        long samples = Math.round(seconds * sampleRate);
        long dataBytes = samples * BYTES_PER_SAMPLE;
        if (dataBytes > Integer.MAX_VALUE - HEADER_BYTES) {
            throw new IllegalArgumentException("tone too long for a WAV file: " + seconds + " s");
        }
        ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES + (int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        // RIFF chunk, then "fmt " (PCM, format tag 1) and "data" sub-chunks.
        wav.put(ascii("RIFF")).putInt(36 + (int) dataBytes).put(ascii("WAVE"));
        wav.put(ascii("fmt ")).putInt(16)
                .putShort((short) 1)                               // PCM
                .putShort((short) 1)                               // mono
                .putInt(sampleRate)
                .putInt(sampleRate * BYTES_PER_SAMPLE)             // byte rate
                .putShort((short) BYTES_PER_SAMPLE)                // block align
                .putShort((short) (8 * BYTES_PER_SAMPLE));         // bits per sample
        wav.put(ascii("data")).putInt((int) dataBytes);
        double radiansPerSample = 2 * Math.PI * hz / sampleRate;
        for (long i = 0; i < samples; i++) {
            wav.putShort((short) Math.round(AMPLITUDE * Math.sin(radiansPerSample * i)));
        }
        Files.write(file, wav.array());
    }

    private static byte[] ascii(String fourCc) {
        return fourCc.getBytes(StandardCharsets.US_ASCII);
    }
}
