package org.parley.mixer.hls;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.parley.mixer.fmp4.OpusFragmentWriter;
import org.parley.mixer.opus.OpusPacket;

/**
 * Cuts one rendition's Opus packets into CMAF media segments at fixed places on the webcast's 48 kHz
 * timeline: segment {@code k} holds the packets whose first sample is in {@code [k·S, (k+1)·S)}, so
 * renditions fed the same timestamps (every language of a meeting, one mixer tick) cut at the same
 * packet and a player switching language keeps its position.
 *
 * <p>Mixer thread only ({@link #frame}), within the tick: packets are copied into arrays allocated
 * once, nothing is allocated per packet; a finished segment is one new array handed to the listener.
 * A rendition starts at the first segment boundary it sees (earlier packets are dropped), so a
 * language added while the webcast runs joins aligned. A gap in the timestamps (a skipped tick, DTX)
 * is filled with one-byte lost-frame packets (RFC 6716 §3.2.1: the decoder conceals them), so decode
 * times never jump; a gap longer than {@link #MAX_FILL_SEGMENTS} segments restarts the rendition at
 * the next boundary, its next segment marked as a discontinuity. A packet that would overflow the
 * segment's buffer is replaced by a lost-frame packet, and counted.
 */
public final class HlsSegmenter {

    /** Longest gap filled with lost-frame packets; beyond it the stream restarts. */
    static final int MAX_FILL_SEGMENTS = 5;
    /** RFC 6716 §3.2.1: the shortest Opus frame, 2.5 ms, bounds the packets in a segment. */
    private static final int MIN_PACKET_SAMPLES = 120;
    /** Room per 48 kHz sample: 2 bytes is 768 kbit/s, above Opus's 510 kbit/s ceiling (RFC 7587 §3.1.1). */
    private static final int PAYLOAD_BYTES_PER_SAMPLE = 2;

    private final int segmentSamples;
    private final Consumer<HlsSegment> listener;
    private final byte[] payload;
    private final int[] sizes;
    private final int[] durations;
    private final byte[] fill = new byte[1];

    /** The segment being filled, or -1 before the first boundary (or after a restart). */
    private long current = -1;
    /** The first sample of the segment being filled, on the timeline. */
    private long currentStart;
    /** Where the next packet is expected: the end of the last one. */
    private long expected;
    private int samples;
    private int payloadLength;
    private boolean nextIsDiscontinuity;
    /** The end of the segment being filled, or of the last one finished; read by other threads. */
    private volatile long resumePoint;

    private final AtomicLong droppedPackets = new AtomicLong();
    private final AtomicLong filledFrames = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong segments = new AtomicLong();

    /**
     * @param segmentSamples segment duration at 48 kHz (e.g. 96,000 for 2 s); a multiple of the
     *                       packets' duration for segments of equal length
     * @param listener       receives each finished segment on the mixer thread: must not block
     */
    public HlsSegmenter(int segmentSamples, Consumer<HlsSegment> listener) {
        if (segmentSamples < 4800) {
            throw new IllegalArgumentException("segments shorter than 100 ms: " + segmentSamples + " samples");
        }
        this.segmentSamples = segmentSamples;
        this.listener = listener;
        int maxPackets = segmentSamples / MIN_PACKET_SAMPLES + 1;
        this.payload = new byte[segmentSamples * PAYLOAD_BYTES_PER_SAMPLE + maxPackets];
        this.sizes = new int[maxPackets];
        this.durations = new int[maxPackets];
    }

    public int segmentSamples() {
        return segmentSamples;
    }

    /**
     * One Opus packet of the rendition. Mixer thread; never throws for a packet's content.
     *
     * @param time48k         its first sample on the webcast timeline
     * @param durationSamples its duration at 48 kHz
     */
    public void frame(byte[] data, int length, long time48k, int durationSamples) {
        if (length <= 0 || durationSamples <= 0) {
            droppedPackets.incrementAndGet();
            return;
        }
        if (current < 0) {
            long boundary = Math.floorDiv(time48k, segmentSamples) * segmentSamples;
            if (time48k - boundary >= durationSamples) {
                droppedPackets.incrementAndGet(); // not the first packet of a segment: wait for one
                return;
            }
            current = boundary / segmentSamples;
            currentStart = time48k;
            expected = time48k;
            resumePoint = boundary + segmentSamples;
        }
        if (time48k < expected) {
            droppedPackets.incrementAndGet(); // overlaps what was written: a repeated or late packet
            return;
        }
        if (time48k > expected && !fillGap(data[0], time48k)) {
            frame(data, length, time48k, durationSamples); // restarted: this packet may begin the next segment
            return;
        }
        append(data, length, durationSamples);
    }

    /** Fills {@code [expected, until)} with lost-frame packets; false if the gap was too long and the stream restarted. */
    private boolean fillGap(byte toc, long until) {
        if (until - expected > (long) MAX_FILL_SEGMENTS * segmentSamples) {
            if (samples > 0) {
                finishSegment();
            }
            current = -1;
            nextIsDiscontinuity = true;
            restarts.incrementAndGet();
            return false;
        }
        fill[0] = OpusPacket.lostFrameToc(toc);
        int unit = OpusPacket.samplesPerFrame(fill[0], 48_000);
        while (until - expected >= unit) {
            append(fill, 1, unit);
            filledFrames.incrementAndGet();
        }
        expected = until; // a remainder shorter than one frame (a 10 ms tick under 20 ms frames) is skipped
        return true;
    }

    private void append(byte[] data, int length, int durationSamples) {
        if (Math.floorDiv(expected, segmentSamples) > current && samples > 0) {
            finishSegment();
            current = Math.floorDiv(expected, segmentSamples);
            currentStart = expected;
            resumePoint = (current + 1) * segmentSamples;
        }
        int room = payload.length - payloadLength - (sizes.length - samples - 1);
        if (samples == sizes.length) {
            droppedPackets.incrementAndGet(); // more packets than 2.5 ms frames could make: not Opus timing
            expected += durationSamples;
            return;
        }
        if (length > room) {
            droppedPackets.incrementAndGet();
            fill[0] = OpusPacket.lostFrameToc(data[0]);
            data = fill;
            length = 1;
        }
        System.arraycopy(data, 0, payload, payloadLength, length);
        payloadLength += length;
        sizes[samples] = length;
        durations[samples] = durationSamples;
        samples++;
        expected += durationSamples;
    }

    private void finishSegment() {
        byte[] bytes = new byte[OpusFragmentWriter.segmentSize(samples, payloadLength)];
        OpusFragmentWriter.write(bytes, 0, current + 1, currentStart, samples, sizes, durations, payload,
                payloadLength);
        HlsSegment segment = new HlsSegment(current, currentStart, (int) (expected - currentStart), bytes,
                nextIsDiscontinuity);
        nextIsDiscontinuity = false;
        samples = 0;
        payloadLength = 0;
        segments.incrementAndGet();
        listener.accept(segment);
    }

    /**
     * Where a new timeline epoch (the meeting's mixer started again) should continue this rendition:
     * the end of its segment in progress, or of its last one. Any thread.
     */
    public long resumePoint() {
        return resumePoint;
    }

    /** Packets dropped: before the first boundary, overlapping, or too large (replaced by a lost frame). */
    public long droppedPackets() {
        return droppedPackets.get();
    }

    /** Lost-frame packets written into gaps. */
    public long filledFrames() {
        return filledFrames.get();
    }

    /** Gaps too long to fill, after which the rendition started again. */
    public long restarts() {
        return restarts.get();
    }

    /** Segments finished. */
    public long segments() {
        return segments.get();
    }
}
