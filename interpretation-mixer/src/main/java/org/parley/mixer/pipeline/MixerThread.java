package org.parley.mixer.pipeline;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform thread of a {@link MixerClock}: ticks its pipelines once per period.
 *
 * <p>Period {@code n} is scheduled at {@code start + n × period} and the thread parks until then
 * ({@link LockSupport#parkNanos}), so a late wake-up or a long tick delays one period, never the
 * ones after it. A thread that has fallen behind runs the missed periods back to back (listeners'
 * jitter buffers absorb the burst, and the sources' buffers hold the packets); beyond
 * {@value #MAX_BEHIND_PERIODS} periods (a long GC or a suspended VM) it skips ahead instead and
 * counts the skipped periods.
 */
final class MixerThread {

    /** Falling further behind than this is not caught up but skipped. */
    static final int MAX_BEHIND_PERIODS = 5;
    private static final MeetingPipeline[] NONE = new MeetingPipeline[0];
    /** Log every this many failed ticks after the first, so a broken pipeline does not flood the log. */
    private static final int FAILURE_LOG_INTERVAL = 500;

    private static final Logger log = LoggerFactory.getLogger(MixerThread.class);

    private final Thread thread;
    private final long periodNanos;
    private final Queue<CompletableFuture<Void>> removals = new ConcurrentLinkedQueue<>();
    private volatile MeetingPipeline[] pipelines = NONE;
    private volatile boolean running = true;

    // Written by this thread only; read by others as metrics.
    private volatile long ticks;
    private volatile long lateTicks;
    private volatile long skippedTicks;
    private volatile long failedTicks;
    private volatile long tickNanosTotal;
    private volatile long tickNanosMax;

    MixerThread(String name, long periodNanos) {
        this.periodNanos = periodNanos;
        this.thread = Thread.ofPlatform().name(name).daemon(true).priority(Thread.MAX_PRIORITY).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Control plane, under the clock's lock. */
    void add(MeetingPipeline pipeline) {
        MeetingPipeline[] current = pipelines;
        MeetingPipeline[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = pipeline;
        pipelines = next;
    }

    /** Control plane, under the clock's lock: the future completes at the start of the next period. */
    CompletableFuture<Void> remove(MeetingPipeline pipeline) {
        MeetingPipeline[] current = pipelines;
        MeetingPipeline[] next = new MeetingPipeline[current.length - 1];
        int n = 0;
        for (MeetingPipeline p : current) {
            if (p != pipeline) {
                next[n++] = p;
            }
        }
        // Publish the new array before queueing the future: a period that sees the future has
        // already finished every tick of the old array and will read the new one.
        pipelines = next;
        CompletableFuture<Void> done = new CompletableFuture<>();
        removals.add(done);
        if (!running || !thread.isAlive()) {
            completeRemovals();
        }
        return done;
    }

    boolean has(MeetingPipeline pipeline) {
        for (MeetingPipeline p : pipelines) {
            if (p == pipeline) {
                return true;
            }
        }
        return false;
    }

    int pipelineCount() {
        return pipelines.length;
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    void shutdown() {
        running = false;
        LockSupport.unpark(thread);
    }

    void awaitTermination(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        completeRemovals();
    }

    long ticks() {
        return ticks;
    }

    long lateTicks() {
        return lateTicks;
    }

    long skippedTicks() {
        return skippedTicks;
    }

    long failedTicks() {
        return failedTicks;
    }

    long tickNanosTotal() {
        return tickNanosTotal;
    }

    long tickNanosMax() {
        return tickNanosMax;
    }

    private void run() {
        long start = System.nanoTime();
        long period = 0;
        while (running) {
            long scheduled = start + period * periodNanos;
            if (!parkUntil(scheduled)) {
                break;
            }
            long began = System.nanoTime();
            if (began - scheduled > periodNanos / 2) {
                lateTicks++;
            }
            completeRemovals();
            for (MeetingPipeline pipeline : pipelines) {
                tick(pipeline);
            }
            long took = System.nanoTime() - began;
            tickNanosTotal += took;
            if (took > tickNanosMax) {
                tickNanosMax = took;
            }
            ticks++;
            period++;
            long behind = (System.nanoTime() - start) / periodNanos - period;
            if (behind > MAX_BEHIND_PERIODS) {
                period += behind;
                skippedTicks += behind;
            }
        }
        completeRemovals();
    }

    private void tick(MeetingPipeline pipeline) {
        try {
            pipeline.tick();
        } catch (RuntimeException e) {
            long failures = ++failedTicks;
            if (failures % FAILURE_LOG_INTERVAL == 1) {
                log.warn("meeting pipeline tick failed ({} failed ticks on {})", failures, thread.getName(), e);
            }
        }
    }

    /** Parks until {@code deadline}; false if the clock stopped meanwhile. */
    private boolean parkUntil(long deadline) {
        for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime()) {
            if (!running) {
                return false;
            }
            LockSupport.parkNanos(this, wait);
        }
        return running;
    }

    private void completeRemovals() {
        for (CompletableFuture<Void> done = removals.poll(); done != null; done = removals.poll()) {
            done.complete(null);
        }
    }
}
