package org.parley.signaling.store;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's own thread: every write that must not wait on a caller's thread (the participation log
 * written from Netty event loops, the provisioning API) runs here, one at a time, in the order queued.
 * One thread keeps the order of a participant's rows (a leave never lands before its join) and keeps
 * H2's single connection trivially serial.
 *
 * <p>The queue is bounded: a store that stopped answering (a dead disk) makes new work be dropped and
 * counted, never memory grow. A failed log write is retried a few times with growing pauses (on this
 * thread, so later writes keep their place behind it), then dropped and counted.
 */
public final class StoreWriter implements AutoCloseable {

    /** Queued work beyond this is refused: a few minutes of joins and leaves of a large meeting. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Attempts of one log write: the first and its retries. */
    static final int WRITE_ATTEMPTS = 4;
    private static final long FIRST_BACKOFF_MILLIS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);

    /** A piece of work that may fail with a store error. */
    @FunctionalInterface
    public interface StoreWork<T> {
        T run() throws Exception;
    }

    /** A write of the log: retried when it fails. */
    @FunctionalInterface
    interface Write {
        void run() throws StoreException;
    }

    private final ScheduledThreadPoolExecutor executor;
    private final int capacity;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();
    private volatile Thread thread;

    StoreWriter(int capacity) {
        this.capacity = capacity;
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread created = new Thread(runnable, "parley-store");
            created.setDaemon(true);
            thread = created;
            return created;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** Whether the calling thread is the store's. */
    public boolean onStoreThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Queues a log write; never blocks and never throws. Dropped (and counted) when the queue is full or
     * the store is closed.
     */
    void write(String what, Write write) {
        if (!reserve()) {
            drops.incrementAndGet();
            LOG.warn("Store queue full ({} waiting): cannot {}", capacity, what);
            return;
        }
        try {
            executor.execute(() -> {
                queued.decrementAndGet();
                runWithRetries(what, write);
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            drops.incrementAndGet();
            LOG.warn("Store closed: cannot {}", what);
        }
    }

    private void runWithRetries(String what, Write write) {
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (StoreException | RuntimeException e) {
                if (attempt == WRITE_ATTEMPTS) {
                    failures.incrementAndGet();
                    LOG.warn("Cannot {} after {} attempts, dropped: {}", what, attempt, e.getMessage());
                    return;
                }
                retries.incrementAndGet();
                LOG.debug("Cannot {} (attempt {}), retrying in {} ms: {}", what, attempt, backoff, e.getMessage());
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.incrementAndGet();
                return;
            }
            backoff *= 4;
        }
    }

    /**
     * Runs {@code work} on the store's thread after what is queued before it. The future fails with a
     * {@link StoreException} when the queue is full or the store is closed.
     */
    public <T> CompletableFuture<T> submit(String what, StoreWork<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!reserve()) {
            drops.incrementAndGet();
            result.completeExceptionally(new StoreException("the store is busy (" + capacity
                    + " operations waiting): cannot " + what, null));
            return result;
        }
        try {
            executor.execute(() -> {
                queued.decrementAndGet();
                try {
                    result.complete(work.run());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            result.completeExceptionally(new StoreException("the store is closed: cannot " + what, e));
        }
        return result;
    }

    /** Runs {@code work} on the store's thread (directly when called there) and waits for it. */
    <T> T call(String what, StoreWork<T> work) throws StoreException {
        try {
            if (onStoreThread()) {
                return work.run();
            }
            return submit(what, work).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw asStoreException(what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to " + what, e);
        } catch (Exception e) {
            throw asStoreException(what, e);
        }
    }

    private static StoreException asStoreException(String what, Throwable e) {
        return e instanceof StoreException store ? store : new StoreException("cannot " + what + ": " + e, e);
    }

    /**
     * Runs {@code task} on the store's thread every {@code period}, the first time after one period, until
     * the returned future is cancelled or the store closes. A task that throws is never run again: catch.
     */
    public ScheduledFuture<?> every(Duration period, Runnable task) {
        return executor.scheduleAtFixedRate(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private boolean reserve() {
        while (true) {
            int now = queued.get();
            if (now >= capacity) {
                return false;
            }
            if (queued.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Operations waiting for the store's thread. */
    public int queueDepth() {
        return queued.get();
    }

    /** Log writes given up after every attempt failed. */
    public long failures() {
        return failures.get();
    }

    /** Attempts of log writes repeated after a failure. */
    public long retries() {
        return retries.get();
    }

    /** Operations refused because the queue was full or the store closed. */
    public long drops() {
        return drops.get();
    }

    void registerMeters(MeterRegistry registry) {
        Gauge.builder("parley.store.queue.depth", this, StoreWriter::queueDepth)
                .description("Store operations waiting for the store's thread").register(registry);
        FunctionCounter.builder("parley.store.write.failures", this, StoreWriter::failures)
                .description("Participation log writes given up after every retry failed").register(registry);
        FunctionCounter.builder("parley.store.write.retries", this, StoreWriter::retries)
                .description("Participation log write attempts repeated after a failure").register(registry);
        FunctionCounter.builder("parley.store.dropped", this, StoreWriter::drops)
                .description("Store operations refused because the queue was full or the store closed")
                .register(registry);
    }

    /** Finishes what is queued (waiting at most {@code drain}), then stops the thread. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    void close(Duration drain) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Store: {} operations still queued after {} s, abandoned", queued.get(), drain.toSeconds());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
