package org.parley.mixer.asr;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The ASR worker thread: a platform thread of its own (never the mixer clock's, never a Netty event
 * loop) that every {@value #POLL_MILLIS} ms empties each channel's {@link AsrFeed}, decimates it to
 * 16 kHz and feeds the channel's {@link AsrSession}, so the listeners hear from this thread. A session
 * that throws is closed and counted ({@link #failedSessions()}); the others go on.
 */
public final class AsrWorker implements AutoCloseable {

    static final int POLL_MILLIS = 20;
    // 100 ms of 48 kHz per step: a behind worker catches up in pieces the session takes in one call.
    private static final int STEP = 4_800;

    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final AtomicLong failures = new AtomicLong();
    private final short[] input = new short[STEP];
    private final short[] output = new short[Decimator48To16.outputFor(STEP)];
    private volatile boolean running = true;

    /** Starts the worker's thread, named {@code name}. */
    public AsrWorker(String name) {
        thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
        thread.start();
    }

    /**
     * Any thread: starts recognising a channel: its session is opened on the worker thread
     * ({@code opener} runs there, since opening reads a model), then fed from the returned feed.
     */
    public AsrFeed add(java.util.function.Supplier<AsrSession> opener) {
        Channel channel = new Channel(new AsrFeed(AsrFeed.DEFAULT_CAPACITY), opener);
        channels.add(channel);
        LockSupport.unpark(thread);
        return channel.feed;
    }

    /**
     * Any thread: stops recognising the channel of {@code feed}; what it queued is still recognised
     * and the session flushed (its last final reported) and closed on the worker thread.
     */
    public void remove(AsrFeed feed) {
        for (Channel channel : channels) {
            if (channel.feed == feed) {
                channel.removed = true;
            }
        }
        LockSupport.unpark(thread);
    }

    /** Sessions closed because they threw (or failed to open). */
    public long failedSessions() {
        return failures.get();
    }

    /** Channels being recognised (removed ones leave at the worker's next round). */
    public int channels() {
        return channels.size();
    }

    /** Stops the thread after closing every session on it; waits up to five seconds. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            for (Channel channel : channels) {
                serve(channel);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
        }
        for (Channel channel : channels) {
            channel.removed = true;
            serve(channel);
        }
    }

    private void serve(Channel channel) {
        boolean removed = channel.removed; // read before draining, so nothing queued before remove is lost
        try {
            if (channel.session == null) {
                channel.session = channel.opener.get();
            }
            for (int n; (n = channel.feed.poll(input)) > 0; ) {
                channel.session.feed(output, channel.decimator.process(input, 0, n, output, 0));
            }
            if (removed) {
                channels.remove(channel);
                channel.session.close();
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            channels.remove(channel);
            if (channel.session != null) {
                try {
                    channel.session.close();
                } catch (RuntimeException ignored) {
                    // already counted as failed; the session's native state is freed or lost with it
                }
            }
        }
    }

    private static final class Channel {
        final AsrFeed feed;
        final java.util.function.Supplier<AsrSession> opener;
        final Decimator48To16 decimator = new Decimator48To16();
        AsrSession session;
        volatile boolean removed;

        Channel(AsrFeed feed, java.util.function.Supplier<AsrSession> opener) {
            this.feed = feed;
            this.opener = opener;
        }
    }
}
