package org.parley.mixer.recording;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.ogg.OggOpusWriter;
import org.parley.mixer.opus.OpusPacket;
import org.parley.mixer.tier.EncodedFrameSink;
import org.parley.mixer.tier.Tier;

/**
 * Records one channel stream into an Ogg Opus file. The mixer thread hands it every encoded frame
 * ({@link #onFrame}, as a tap on the stream): the frame is copied into a preallocated ring and nothing
 * else happens there — no allocation, no I/O, no lock; a full ring drops the frame and counts it. A
 * {@link RecordingWriter} thread drains the ring ({@link #drain}) into an {@link OggOpusWriter}, which
 * writes a page and forces it to disk about every second, so a killed process loses about a second.
 *
 * <p>Gaps in the stream's 48 kHz timestamps (a tick the mixer clock skipped, a full ring) are filled
 * with one-byte lost-frame packets ({@link OpusPacket#lostFrameToc}), one per missing frame, which the
 * player's decoder conceals: granule positions then advance with the meeting's time, without jumps
 * (RFC 7845 §4). When the stream is restarted on a new timeline ({@link #newTimeline}, the meeting's
 * mixer started again after everyone had left) the file goes on from where it was, without a gap.
 *
 * <p>Threads: {@link #onFrame} on one producer thread (the mixer's), {@link #drain} on one writer thread.
 */
public final class ChannelRecorder implements EncodedFrameSink {

    /** Bytes kept per frame: larger than any packet the tiers' encoders make (1275 per 20 ms frame at most). */
    public static final int SLOT_BYTES = 1500;
    /** Frames the ring holds by default: 5 s of 20 ms frames, for a writer held up by a slow disk. */
    public static final int DEFAULT_SLOTS = 256;
    /** A jump forward longer than this is a new timeline, not a gap to conceal: 10 minutes. */
    static final long MAX_CONCEALED_SAMPLES = 10L * 60 * OggOpusWriter.GRANULE_RATE;
    private static final long FLUSH_NANOS = 1_000_000_000L;
    private static final long FLUSH_SAMPLES = OggOpusWriter.GRANULE_RATE;
    private static final SecureRandom SERIALS = new SecureRandom();
    private static final VarHandle WRITTEN;
    private static final VarHandle READ;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WRITTEN = lookup.findVarHandle(ChannelRecorder.class, "written", long.class);
            READ = lookup.findVarHandle(ChannelRecorder.class, "read", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String language;
    private final Path file;
    private final int preSkip;
    private final String vendor;
    private final List<String> comments;
    private final Clock clock;
    private final Instant startedAt;
    private final int slots;
    private final byte[] ring;
    private final int[] lengths;
    private final long[] stamps;
    private final int[] epochs;
    private final CompletableFuture<RecordedFile> finished = new CompletableFuture<>();

    /** Frames published by the producer; written with release semantics after the slot. */
    @SuppressWarnings("unused")
    private volatile long written;
    /** Frames consumed by the writer; the producer reads it to see free slots. */
    @SuppressWarnings("unused")
    private volatile long read;
    /** Producer thread only. */
    private long droppedByProducer;
    private volatile long droppedPublished;
    private volatile int epoch;
    private volatile boolean stopping;

    // Writer thread only.
    private FileChannel channel;
    private OggOpusWriter ogg;
    private final byte[] lostPacket = new byte[1];
    private long expectedStamp = -1;
    private int lastEpoch;
    private byte lastToc;
    private long concealed;
    private long droppedByWriter;
    private long lastFlushNanos;
    private String failure;
    /** What {@link #takeNewBytes} and {@link #takeNewDrops} reported already; writer thread only. */
    private long bytesReported;
    private long dropsReported;

    /**
     * @param language the channel (a tag of the file, and of its {@link RecordedFile})
     * @param file     created by the writer thread (must not exist), readable by the owner only
     * @param preSkip  the stream encoder's lookahead at 48 kHz ({@code Tier.encoderLookahead()})
     * @param comments {@code OpusTags} user comments, {@code NAME=value}
     * @param slots    frames the ring holds
     */
    public ChannelRecorder(String language, Path file, int preSkip, String vendor, List<String> comments, Clock clock,
                           int slots) {
        this.language = language;
        this.file = file;
        this.preSkip = preSkip;
        this.vendor = vendor;
        this.comments = List.copyOf(comments);
        this.clock = clock;
        this.startedAt = clock.instant();
        this.slots = slots;
        this.ring = new byte[slots * SLOT_BYTES];
        this.lengths = new int[slots];
        this.stamps = new long[slots];
        this.epochs = new int[slots];
    }

    public String language() {
        return language;
    }

    public Path file() {
        return file;
    }

    /**
     * Mixer thread: copies the frame into the ring. Frames of other streams (a tap sees only its own),
     * empty or oversized ones, frames after {@link #stop}, and frames that find the ring full are dropped;
     * the last three are counted.
     */
    @Override
    public void onFrame(String frameLanguage, Variant variant, Tier tier, byte[] data, int length, long rtpTimestamp48k,
                        int durationSamples) {
        if (stopping) {
            return;
        }
        long w = (long) WRITTEN.getOpaque(this);
        if (length < 1 || length > SLOT_BYTES || w - (long) READ.getAcquire(this) >= slots) {
            droppedPublished = ++droppedByProducer;
            return;
        }
        int slot = (int) (w % slots);
        System.arraycopy(data, 0, ring, slot * SLOT_BYTES, length);
        lengths[slot] = length;
        stamps[slot] = rtpTimestamp48k;
        epochs[slot] = epoch;
        WRITTEN.setRelease(this, w + 1);
    }

    /**
     * The stream goes on on a new timeline (its mixer was started again): the next frame continues the
     * file without filling the time in between. Call before the tap is added to the new stream.
     */
    public void newTimeline() {
        epoch++;
    }

    /** No more frames are taken; the writer drains what is in the ring, then closes the file with EOS. */
    public void stop() {
        stopping = true;
    }

    /** Completed by the writer thread once the file is closed (also after a write failure). */
    public CompletableFuture<RecordedFile> finished() {
        return finished;
    }

    /**
     * Writer thread: writes the frames in the ring to the file, and the page being filled if it has
     * waited a second; closes the file once stopped and drained.
     *
     * @return true once the recorder is finished (the writer can forget it)
     */
    boolean drain(long nowNanos) {
        if (finished.isDone()) {
            return true;
        }
        boolean stopped = stopping; // read before the ring: frames published before stop() are seen below
        try {
            if (ogg == null) {
                open(nowNanos);
            }
            long r = (long) READ.getOpaque(this);
            long w = (long) WRITTEN.getAcquire(this);
            for (; r < w; r++) {
                int slot = (int) (r % slots);
                write(slot);
                READ.setRelease(this, r + 1);
            }
            if (ogg.granulePosition() > 0 && nowNanos - lastFlushNanos >= FLUSH_NANOS) {
                flush(nowNanos);
            }
            if (stopped) {
                ogg.close();
                finish();
                return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            failure = e.toString();
            stopping = true;
            finish();
            return true;
        }
    }

    private void open(long nowNanos) throws IOException {
        channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly());
        ogg = new OggOpusWriter(channel, SERIALS.nextInt(), preSkip, vendor, comments, FLUSH_SAMPLES);
        lastFlushNanos = nowNanos;
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }

    private void flush(long nowNanos) throws IOException {
        ogg.flush();
        lastFlushNanos = nowNanos;
    }

    /** One frame from the ring: the gap before it concealed, then the frame. */
    private void write(int slot) throws IOException {
        int offset = slot * SLOT_BYTES;
        long stamp = stamps[slot];
        if (epochs[slot] != lastEpoch) {
            lastEpoch = epochs[slot];
            expectedStamp = -1;
        }
        if (expectedStamp >= 0) {
            long gap = stamp - expectedStamp;
            if (gap < 0) {
                droppedByWriter++; // a frame from before the last one: never reorder the file
                return;
            }
            if (gap > MAX_CONCEALED_SAMPLES) {
                gap = 0; // not a skipped tick: the stream went on on another timeline
            }
            if (gap > 0) {
                lostPacket[0] = OpusPacket.lostFrameToc(lastToc);
                int perPacket = OpusPacket.samplesPerFrame(lostPacket[0], OggOpusWriter.GRANULE_RATE);
                for (long filled = 0; filled + perPacket <= gap; filled += perPacket) {
                    ogg.writePacket(lostPacket, 0, 1);
                    concealed++;
                }
            }
        }
        int samples;
        try {
            samples = ogg.writePacket(ring, offset, lengths[slot]);
        } catch (IllegalArgumentException e) {
            droppedByWriter++; // not an Opus packet; the next frame's gap conceals it
            return;
        }
        lastToc = ring[offset];
        expectedStamp = stamp + samples;
    }

    private void finish() {
        long bytes = ogg == null ? 0 : ogg.bytesWritten();
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            failure = failure == null ? e.toString() : failure;
        }
        finished.complete(new RecordedFile(language, file, startedAt, clock.instant(), bytes,
                ogg == null ? 0 : ogg.playableSamples(), ogg == null ? 0 : ogg.packetsWritten(), concealed,
                droppedPublished + droppedByWriter, failure));
    }

    /** Frames dropped so far (ring full, late, broken); any thread. */
    public long droppedFrames() {
        return droppedPublished + droppedByWriter;
    }

    /** Writer thread, after {@link #drain}: bytes written to the file since the last call. */
    long takeNewBytes() {
        long now = ogg == null ? 0 : ogg.bytesWritten();
        long fresh = now - bytesReported;
        bytesReported = now;
        return fresh;
    }

    /** Writer thread, after {@link #drain}: frames dropped since the last call (by either thread). */
    long takeNewDrops() {
        long now = droppedPublished + droppedByWriter;
        long fresh = now - dropsReported;
        dropsReported = now;
        return fresh;
    }
}
