package org.parley.mixer.recording;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that writes recordings to disk: every {@code period} it drains each {@link ChannelRecorder}'s
 * ring into its file, so file I/O and fsync never run on the mixer thread or a network thread. One
 * platform thread for all the server's recorders; a recorder's ring absorbs a few seconds of a slow
 * disk. It keeps the totals of every recorder it wrote ({@link #bytesWritten}, {@link #droppedFrames}) for
 * monitoring: they only grow, also as recorders finish.
 */
public final class RecordingWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingWriter.class);

    private final CopyOnWriteArrayList<ChannelRecorder> recorders = new CopyOnWriteArrayList<>();
    private final long periodNanos;
    private final Thread thread;
    private volatile boolean running = true;
    /** Written by the writer thread only, read by any (monitoring). */
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong droppedFrames = new AtomicLong();

    public RecordingWriter(Duration period) {
        this.periodNanos = period.toNanos();
        this.thread = Thread.ofPlatform().name("parley-recording-writer").daemon().start(this::run);
    }

    /** The writer drains {@code recorder} from now until it has finished (stopped and closed). */
    public void add(ChannelRecorder recorder) {
        if (!running) {
            throw new IllegalStateException("the recording writer is closed");
        }
        recorders.add(recorder);
        LockSupport.unpark(thread);
    }

    /** Recorders being written. */
    public int active() {
        return recorders.size();
    }

    /** Bytes written to recording files by this writer so far, all recorders together; any thread. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /**
     * Frames the recorders dropped so far (a full ring: the disk fell behind; frames out of order or not
     * Opus), all recorders together, as of the writer's last pass over them; any thread.
     */
    public long droppedFrames() {
        return droppedFrames.get();
    }

    private void run() {
        while (running || !recorders.isEmpty()) {
            long now = System.nanoTime();
            for (ChannelRecorder recorder : recorders) {
                boolean over = recorder.drain(now);
                bytesWritten.addAndGet(recorder.takeNewBytes());
                droppedFrames.addAndGet(recorder.takeNewDrops());
                if (over) {
                    recorders.remove(recorder);
                    recorder.finished().thenAccept(done -> {
                        if (done.failure() != null) {
                            LOG.warn("Recording {} stopped early: {}", done.file(), done.failure());
                        }
                    });
                }
            }
            if (!running) {
                for (ChannelRecorder recorder : recorders) {
                    recorder.stop(); // closing: every file gets its EOS page on the next pass
                }
            }
            LockSupport.parkNanos(periodNanos);
        }
    }

    /**
     * Stops every recorder, writes what their rings hold and closes their files with EOS, waiting up to
     * {@code timeout}; then the thread ends.
     */
    public void close(Duration timeout) {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The recording writer did not finish within {} ms; {} recordings not closed",
                    TimeUnit.NANOSECONDS.toMillis(timeout.toNanos()), recorders.size());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
