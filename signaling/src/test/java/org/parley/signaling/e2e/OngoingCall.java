package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.e2e.SfuAudioEndToEndTest.Publishing;
import org.parley.signaling.e2e.SfuAudioEndToEndTest.Subscribing;
import org.parley.signaling.peer.ToneAnalyzer;

/**
 * A call that goes on beside what a test does to the server: a libwebrtc speaker publishing a 1 kHz tone
 * into the demo meeting and a libwebrtc listener hearing it through the SFU. From the moment the tone is
 * heard until {@link #assertNoGap} it looks at the listener's last second every half second, so a gap
 * anywhere in between is seen, not only one in the last second before the check.
 *
 * <p>The limit tests keep one going (SECURITY.md): what a limit refuses must leave a call unaffected.
 * Public for the limit tests outside this package (e.g. {@code SlowReaderTest}).
 */
public final class OngoingCall implements AutoCloseable {

    static final double TONE_HZ = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int WINDOW = 48_000;
    /** Windows of one second looked at every half second overlap, so no gap falls between two. */
    private static final long WATCH_MILLIS = 500;
    private static final double GAP_MILLIS = 60;
    private static final double SILENCE_DBFS = -50;

    private final Publishing speaker;
    private final Subscribing listener;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ongoing-call-watcher");
        thread.setDaemon(true);
        return thread;
    });
    private double longestGapMillis;
    private int windows;

    private OngoingCall(Publishing speaker, Subscribing listener) {
        this.speaker = speaker;
        this.listener = listener;
    }

    /**
     * Connects speaker and listener through {@code server} (which needs its media core, e.g.
     * {@link MediaTestServer}) in its meeting {@code demo} and waits for the tone.
     */
    public static OngoingCall start(ParleyServer server) throws Exception {
        Publishing speaker = Publishing.start(server, "Speaker", TONE_HZ);
        Subscribing listener;
        try {
            listener = Subscribing.start(server, "Listener", speaker.producerId);
        } catch (Exception | Error e) {
            speaker.close();
            throw e;
        }
        OngoingCall call = new OngoingCall(speaker, listener);
        try {
            call.assertTone();
        } catch (RuntimeException | Error e) {
            call.close();
            throw e;
        }
        call.watcher.scheduleAtFixedRate(call::look, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        return call;
    }

    /** The speaker's producer: the one the call adds to the server's router. */
    String speakerProducerId() {
        return speaker.producerId;
    }

    /** The listener hears the speaker's tone now. */
    void assertTone() {
        listener.peer.awaitSamples(listener.slot.mid(), WINDOW, TIMEOUT);
        double dominant = ToneAnalyzer.dominantFrequency(listener.slot.recentSamples(WINDOW), listener.peer.sampleRate());
        assertEquals(TONE_HZ, dominant, 10, "the ongoing call's listener hears " + dominant + " Hz");
    }

    /**
     * The tone is heard now, it had no gap longer than 60 ms since {@link #start} (or the last call of
     * this, or of {@link #forgetGapsSoFar}), the listener lost no packet, and neither peer's signaling
     * connection was closed.
     */
    public void assertNoGap(String when) {
        assertTone();
        look();
        double longest;
        int looked;
        synchronized (this) {
            longest = longestGapMillis;
            looked = windows;
            longestGapMillis = 0;
            windows = 0;
        }
        assertTrue(longest <= GAP_MILLIS, when + ": the ongoing call's tone had a gap of " + longest + " ms (in "
                + looked + " one-second windows looked at)");
        assertEquals(0, listener.peer.packetsLost(), when + ": packets lost by the ongoing call's listener");
        assertFalse(speaker.signaling.isClosed() || listener.signaling.isClosed(),
                when + ": the ongoing call's signaling connections stay open");
    }

    /**
     * Forgets the gaps seen so far, for a pause the test makes itself (a full collection stops the
     * server's media loop as well as the peers). Call it once the pause has left the listener's last second.
     */
    void forgetGapsSoFar() {
        synchronized (this) {
            longestGapMillis = 0;
            windows = 0;
        }
    }

    private void look() {
        short[] recent = listener.slot.recentSamples(WINDOW);
        double gap = ToneAnalyzer.hasGapLongerThan(recent, listener.peer.sampleRate(), GAP_MILLIS, SILENCE_DBFS)
                ? ToneAnalyzer.longestGapMillis(recent, listener.peer.sampleRate(), SILENCE_DBFS) : 0;
        synchronized (this) {
            longestGapMillis = Math.max(longestGapMillis, gap);
            windows++;
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        try {
            watcher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.close();
        speaker.close();
    }
}
