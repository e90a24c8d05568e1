package org.parley.signaling.peer;

import dev.onvoid.webrtc.media.audio.CustomAudioSource;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds a continuous sine tone into a {@link CustomAudioSource}: 48 kHz mono 16-bit, one 10 ms frame per
 * tick at real-time pace (libwebrtc's audio pipeline works in 10 ms frames).
 */
final class SineToneSource implements AutoCloseable {

    static final int SAMPLE_RATE = 48_000;
    static final int FRAME_SAMPLES = SAMPLE_RATE / 100;
    /** Peak amplitude of -12 dBFS: loud enough for the codec to carry cleanly, far from clipping. */
    static final double AMPLITUDE = 32767 * Math.pow(10, -12 / 20.0);

    private final CustomAudioSource source;
    private final double phaseStep;
    private final byte[] frame = new byte[FRAME_SAMPLES * 2];
    private final ScheduledExecutorService clock;
    private double phase;

    SineToneSource(CustomAudioSource source, double toneHz) {
        this.source = source;
        this.phaseStep = 2 * Math.PI * toneHz / SAMPLE_RATE;
        this.clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sine-tone-" + toneHz);
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        clock.scheduleAtFixedRate(this::pushFrame, 0, 10, TimeUnit.MILLISECONDS);
    }

    private void pushFrame() {
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            int sample = (int) Math.round(AMPLITUDE * Math.sin(phase));
            frame[2 * i] = (byte) sample;
            frame[2 * i + 1] = (byte) (sample >> 8);
            phase += phaseStep;
        }
        // Keep the phase small so its precision does not degrade over long runs.
        phase %= 2 * Math.PI;
        source.pushAudio(frame, 16, SAMPLE_RATE, 1, FRAME_SAMPLES);
    }

    /** Stops pushing; waits (briefly) for a frame in flight so none reaches a disposed source. */
    @Override
    public void close() {
        clock.shutdownNow();
        try {
            clock.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
