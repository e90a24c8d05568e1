package org.parley.mixer.pipeline;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Dedicated platform threads that tick meeting pipelines once per frame period.
 *
 * <p>Never Netty event loops: a tick decodes, mixes and encodes for milliseconds, which would stall
 * every connection on the loop. Each thread ticks its pipelines on an absolute schedule, tick
 * {@code n} at {@code start + n × period}, so lateness does not accumulate as drift (see
 * {@code MixerThread}). A registered pipeline goes to the thread with the fewest pipelines.
 *
 * <p>The counters (ticks, late ticks, skipped ticks, failed ticks, tick durations) are summed over
 * the threads; they are plain getters for the application to export as metrics.
 */
public final class MixerClock implements AutoCloseable {

    /** The default frame period. */
    public static final int DEFAULT_PERIOD_MILLIS = 20;

    private final MixerThread[] threads;
    private final long periodNanos;
    private boolean closed;

    /**
     * Starts {@code threadCount} mixer threads named {@code name-0}, {@code name-1}, ...
     *
     * @param periodMillis the frame period: 10 or 20 ms (the pipelines' tick)
     */
    public MixerClock(String name, int threadCount, int periodMillis) {
        Objects.requireNonNull(name, "name");
        if (threadCount < 1) {
            throw new IllegalArgumentException("need at least one mixer thread: " + threadCount);
        }
        if (periodMillis != 10 && periodMillis != 20) {
            throw new IllegalArgumentException("period must be 10 or 20 ms: " + periodMillis);
        }
        this.periodNanos = periodMillis * 1_000_000L;
        this.threads = new MixerThread[threadCount];
        for (int i = 0; i < threadCount; i++) {
            threads[i] = new MixerThread(name + "-" + i, periodNanos);
        }
        for (MixerThread thread : threads) {
            thread.start();
        }
    }

    /**
     * Starts ticking {@code pipeline} from the next period on, on the least busy thread.
     *
     * @throws IllegalArgumentException if it is already registered
     * @throws IllegalStateException if the clock is closed
     */
    public synchronized void register(MeetingPipeline pipeline) {
        Objects.requireNonNull(pipeline, "pipeline");
        if (closed) {
            throw new IllegalStateException("the mixer clock is closed");
        }
        if (threadOf(pipeline) != null) {
            throw new IllegalArgumentException("pipeline already registered");
        }
        MixerThread least = threads[0];
        for (MixerThread thread : threads) {
            if (thread.pipelineCount() < least.pipelineCount()) {
                least = thread;
            }
        }
        least.add(pipeline);
    }

    /**
     * Stops ticking {@code pipeline}. The future completes once its thread has finished any tick in
     * progress, after which the pipeline will not be ticked again and may be closed. Completes at
     * once if the pipeline is not registered or the clock is closed.
     */
    public synchronized CompletableFuture<Void> unregister(MeetingPipeline pipeline) {
        MixerThread thread = threadOf(pipeline);
        if (thread == null || closed) {
            return CompletableFuture.completedFuture(null);
        }
        return thread.remove(pipeline);
    }

    /** Pipelines currently registered. */
    public synchronized int pipelineCount() {
        int count = 0;
        for (MixerThread thread : threads) {
            count += thread.pipelineCount();
        }
        return count;
    }

    public long periodNanos() {
        return periodNanos;
    }

    /** Periods run so far, over all threads (one per thread per period, whatever its pipeline count). */
    public long ticks() {
        long sum = 0;
        for (MixerThread thread : threads) {
            sum += thread.ticks();
        }
        return sum;
    }

    /** Periods that began more than half a period after their scheduled time. */
    public long lateTicks() {
        long sum = 0;
        for (MixerThread thread : threads) {
            sum += thread.lateTicks();
        }
        return sum;
    }

    /** Periods given up because a thread fell more than {@value MixerThread#MAX_BEHIND_PERIODS} periods behind. */
    public long skippedTicks() {
        long sum = 0;
        for (MixerThread thread : threads) {
            sum += thread.skippedTicks();
        }
        return sum;
    }

    /** Pipeline ticks that threw (the pipeline keeps being ticked). */
    public long failedTicks() {
        long sum = 0;
        for (MixerThread thread : threads) {
            sum += thread.failedTicks();
        }
        return sum;
    }

    /** Total time spent ticking pipelines, in nanoseconds (with {@link #ticks()}: the mean). */
    public long tickNanosTotal() {
        long sum = 0;
        for (MixerThread thread : threads) {
            sum += thread.tickNanosTotal();
        }
        return sum;
    }

    /** The longest period's work on any thread, in nanoseconds. */
    public long tickNanosMax() {
        long max = 0;
        for (MixerThread thread : threads) {
            max = Math.max(max, thread.tickNanosMax());
        }
        return max;
    }

    /** Whether every mixer thread is still running. */
    public boolean isRunning() {
        for (MixerThread thread : threads) {
            if (!thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops the threads (after their tick in progress) and waits up to a second for each. Registered
     * pipelines are not closed: their owners close them.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (MixerThread thread : threads) {
            thread.shutdown();
        }
        for (MixerThread thread : threads) {
            thread.awaitTermination(1_000);
        }
    }

    private MixerThread threadOf(MeetingPipeline pipeline) {
        for (MixerThread thread : threads) {
            if (thread.has(pipeline)) {
                return thread;
            }
        }
        return null;
    }
}
