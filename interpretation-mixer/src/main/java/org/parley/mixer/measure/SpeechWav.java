package org.parley.mixer.measure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real speech at the mixer's 48 kHz mono, for measurements (codec quality in the bench, speech
 * recognition in tests): read from a 16-bit PCM WAV file as {@code espeak-ng -w} writes it
 * (22.05 kHz), or spoken by espeak-ng on the spot ({@link #speak}).
 */
public final class SpeechWav {

    /** The sample rate of what {@link #read} returns. */
    public static final int RATE = 48_000;
    /** Lanczos kernel half-width, in input samples. */
    private static final int TAPS = 16;

    private SpeechWav() {
    }

    /**
     * Reads a mono 16-bit PCM WAV file, resamples it to 48 kHz (windowed sinc) and scales it so
     * that its speech (10 ms blocks within 40 dB of the loudest) has an RMS level of
     * {@code levelDbfs}, as the channel's level normaliser would deliver it.
     *
     * @throws IOException if the file is not a mono 16-bit PCM WAV file
     */
    public static short[] read(Path file, double levelDbfs) throws IOException {
        ByteBuffer wav = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.remaining() < 12 || wav.getInt(0) != 0x46464952 || wav.getInt(8) != 0x45564157) {
            throw new IOException(file + ": not a RIFF/WAVE file");
        }
        int position = 12;
        int sampleRate = -1;
        while (position + 8 <= wav.limit()) {
            int id = wav.getInt(position);
            int size = wav.getInt(position + 4);
            int body = position + 8;
            if (id == 0x20746d66) { // "fmt "
                int format = wav.getShort(body) & 0xFFFF;
                int channels = wav.getShort(body + 2);
                int bits = wav.getShort(body + 14);
                if (format != 1 || channels != 1 || bits != 16) {
                    throw new IOException(file + ": need mono 16-bit PCM, got format " + format + ", "
                            + channels + " channels, " + bits + " bits");
                }
                sampleRate = wav.getInt(body + 4);
            } else if (id == 0x61746164) { // "data"
                if (sampleRate < 0) {
                    throw new IOException(file + ": data before fmt");
                }
                // espeak-ng writes to a pipe-friendly header whose data size may be 0 or too large
                int length = (size <= 0 || body + size > wav.limit() ? wav.limit() - body : size) / 2;
                short[] input = new short[length];
                for (int i = 0; i < length; i++) {
                    input[i] = wav.getShort(body + 2 * i);
                }
                return normalise(resample(input, sampleRate), levelDbfs);
            }
            position = body + size + (size & 1);
        }
        throw new IOException(file + ": no data chunk");
    }

    /**
     * Has espeak-ng (Debian {@code espeak-ng}) speak {@code text} with {@code voice} (e.g.
     * {@code "en-us+klatt4"}) at {@code wordsPerMinute} into {@code wav}, then reads it as
     * {@link #read} does.
     *
     * @throws IOException if espeak-ng is missing or fails, within 60 s
     */
    public static short[] speak(String voice, int wordsPerMinute, String text, Path wav, double levelDbfs) throws IOException {
        Process espeak;
        try {
            espeak = new ProcessBuilder("espeak-ng", "-v", voice, "-s", Integer.toString(wordsPerMinute), "-w", wav.toString(), text)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("espeak-ng not found: install the espeak-ng package (apt-get install espeak-ng)", e);
        }
        try {
            if (!espeak.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || espeak.exitValue() != 0) {
                espeak.destroyForcibly();
                throw new IOException("espeak-ng failed to speak into " + wav);
            }
        } catch (InterruptedException e) {
            espeak.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while espeak-ng spoke", e);
        }
        return read(wav, levelDbfs);
    }

    /** Lanczos resampling to 48 kHz, low-passed at 95 % of the lower Nyquist frequency. */
    private static double[] resample(short[] input, int fromRate) {
        if (fromRate == RATE) {
            double[] copy = new double[input.length];
            for (int i = 0; i < input.length; i++) {
                copy[i] = input[i];
            }
            return copy;
        }
        double cutoff = 0.95 * Math.min(fromRate, RATE) / 2 / fromRate; // cycles per input sample
        int length = (int) ((long) input.length * RATE / fromRate);
        double[] out = new double[length];
        for (int n = 0; n < length; n++) {
            double at = (double) n * fromRate / RATE;
            int centre = (int) Math.floor(at);
            double sum = 0;
            for (int k = centre - TAPS + 1; k <= centre + TAPS; k++) {
                if (k < 0 || k >= input.length) {
                    continue;
                }
                double x = at - k;
                sum += input[k] * 2 * cutoff * sinc(2 * cutoff * x) * sinc(x / TAPS);
            }
            out[n] = sum;
        }
        return out;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static short[] normalise(double[] signal, double levelDbfs) {
        int block = RATE / 100;
        int blocks = signal.length / block;
        double[] energy = new double[blocks];
        double loudest = 0;
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < block; i++) {
                double x = signal[b * block + i];
                energy[b] += x * x;
            }
            loudest = Math.max(loudest, energy[b]);
        }
        double sum = 0;
        long count = 0;
        for (double e : energy) {
            if (e > loudest * 1e-4) {
                sum += e;
                count += block;
            }
        }
        double rms = Math.sqrt(sum / Math.max(1, count));
        double gain = 32768 * Math.pow(10, levelDbfs / 20) / Math.max(rms, 1e-9);
        short[] out = new short[signal.length];
        for (int i = 0; i < signal.length; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(signal[i] * gain)));
        }
        return out;
    }
}
