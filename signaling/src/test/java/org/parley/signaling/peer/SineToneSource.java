package org.parley.signaling.peer;

import dev.onvoid.webrtc.media.audio.CustomAudioSource;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Feeds a continuous sine tone into a {@link CustomAudioSource}: 48 kHz mono 16-bit in 10 ms frames
 * (libwebrtc's audio pipeline works in 10 ms frames) at real-time pace.
 *
 * <p>The pace comes from the monotonic clock ({@link FramePacer}): a wake-up that comes late under load
 * pushes every frame due since the one before, so the tone leaves here without a hole however its thread
 * is scheduled, and a long stop pushes no more than {@link #MAX_BACKLOG_FRAMES} at once. libwebrtc numbers
 * RTP timestamps by samples pushed, so a late burst reaches the receiver as jitter, not as a gap.
 */
final class SineToneSource implements AutoCloseable {

    static final int SAMPLE_RATE = 48_000;
    static final int FRAME_SAMPLES = SAMPLE_RATE / 100;
    static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** 200 ms: far past a scheduling hiccup's tens of milliseconds; longer is a stop, not a hiccup. */
    static final int MAX_BACKLOG_FRAMES = 20;
    /** Peak amplitude of -12 dBFS: loud enough for the codec to carry cleanly, far from clipping. */
    static final double AMPLITUDE = 32767 * Math.pow(10, -12 / 20.0);

    private final CustomAudioSource source;
    private final double phaseStep;
    private final byte[] frame = new byte[FRAME_SAMPLES * 2];
    private final Thread clock;
    private volatile boolean running = true;
    private volatile FramePacer pacer;
    private double phase;

    SineToneSource(CustomAudioSource source, double toneHz) {
        this.source = source;
        this.phaseStep = 2 * Math.PI * toneHz / SAMPLE_RATE;
        this.clock = Thread.ofPlatform().daemon().name("sine-tone-" + toneHz).unstarted(this::run);
    }

    void start() {
        clock.start();
    }

    private void run() {
        FramePacer paced = new FramePacer(System.nanoTime(), FRAME_NANOS, MAX_BACKLOG_FRAMES);
        pacer = paced;
        while (running) {
            for (int frames = paced.due(System.nanoTime()); frames > 0 && running; frames--) {
                pushFrame();
            }
            long wait = paced.nextDueNanos() - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
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

    /**
     * The longest a frame waited past its time for this source's thread, in milliseconds: what a dropout
     * heard at the receiver owes to the sending side. Read from any thread (possibly a little stale).
     */
    double longestLatenessMillis() {
        FramePacer paced = pacer;
        return paced == null ? 0 : paced.longestLatenessNanos() / 1e6;
    }

    /** Stops pushing; waits (briefly) for a frame in flight so none reaches a disposed source. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(clock);
        try {
            clock.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
