package org.parley.signaling.sip.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.parley.media.router.Producer;
import org.parley.media.rtp.RtpPacket;
import org.parley.media.rtp.SendStatistics;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.opus.OpusPacket;
import org.parley.mixer.tick.FrameFormat;
import org.parley.signaling.interpretation.ChannelKey;
import org.parley.signaling.interpretation.MeetingChannels;

/**
 * Meeting → room system: one interpretation channel's Opus packets, tapped on the media event loop,
 * decoded, brought down to 8 kHz and sent as G.711 RTP of 20 ms (RFC 3551 §4.5.14, §4.2) with this
 * call's own SSRC, sequence numbers and timestamps (RFC 3550 §5.1).
 *
 * <p>Listening counts: the channel is encoded because this downlink is one of its listeners
 * ({@link MeetingChannels#listenerAdded}). A switch ({@link #listen}) starts listening to the new
 * channel at once and stops hearing the old one only when the new one's first packet is here, so the
 * room system hears no gap longer than a frame.
 *
 * <p>Threads: {@link #offer} runs on the media event loop and only copies the payload into a ring;
 * decoding and sending run on the call's event loop; {@link #listen} and {@link #close} on any thread.
 * Per packet nothing is allocated but the pooled buffer of the packet sent.
 */
final class ChannelDownlink {

    /** Takes ownership of each RTP packet given to it. */
    @FunctionalInterface
    interface PacketSink {
        /** @return whether it went out (and counts in our sender reports) */
        boolean send(ByteBuf packet);
    }

    /** RFC 3551 §4.2: 20 ms packets, the default packetization. */
    static final int FRAME_SAMPLES_8K = 160;
    private static final int MAX_OPUS_SAMPLES = OpusPacket.MAX_SAMPLES_48K;
    /** About a second of 20 ms frames. */
    private static final int RING_CAPACITY = 64;

    private final Executor callLoop;
    private final ByteBufAllocator allocator;
    private final MeetingChannels channels;
    private final ChannelTaps taps;
    private final CallCodec codec;
    private final PacketSink sink;
    private final LongAdder dropped;
    private final PayloadRing ring = new PayloadRing(RING_CAPACITY);
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    // Call loop only.
    private final OpusDecoder decoder = OpusDecoder.create(FrameFormat.SAMPLE_RATE, 1);
    private final Decimator decimator = new Decimator();
    private final short[] pcm48 = new short[MAX_OPUS_SAMPLES];
    private final short[] pcm8 = new short[FRAME_SAMPLES_8K + MAX_OPUS_SAMPLES / TelephoneBandFilter.FACTOR + 1];
    private int pending8;
    private final long ssrc;
    private int sentSequence;
    private int sentTimestamp;
    private boolean marker = true;
    /** For the sender reports (RFC 3550 §6.4.1) and the reception reports on them. */
    private final SendStatistics sendStatistics;
    /** The heard stream's next RTP timestamp (48 kHz), or -1 at its start. */
    private long expectedTimestamp = -1;

    // What is heard: changed under this object's lock, read on the loops.
    private volatile Producer current;
    private volatile Producer wanted;
    private ChannelKey currentKey;
    private ChannelKey wantedKey;
    private volatile boolean closed;

    ChannelDownlink(Executor callLoop, ByteBufAllocator allocator, MeetingChannels channels, ChannelTaps taps,
                    CallCodec codec, PacketSink sink, LongAdder dropped) {
        this.callLoop = callLoop;
        this.allocator = allocator;
        this.channels = channels;
        this.taps = taps;
        this.codec = codec;
        this.sink = sink;
        this.dropped = dropped;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.ssrc = random.nextLong(1, 0x1_0000_0000L);
        this.sendStatistics = new SendStatistics(ssrc);
        this.sentSequence = random.nextInt(0x10000);
        this.sentTimestamp = random.nextInt();
    }

    /**
     * Hears {@code key}'s stream, whose producer is {@code producer}: it is encoded from now on, and
     * replaces the one heard now when its first packet arrives.
     */
    synchronized void listen(ChannelKey key, Producer producer) {
        if (closed || key.equals(wantedKey)) {
            return;
        }
        if (wanted != current) {
            stopHearing(wanted, wantedKey); // a switch that had not happened yet
        }
        if (key.equals(currentKey)) {
            wanted = current;
            wantedKey = currentKey;
            return;
        }
        channels.listenerAdded(key);
        taps.add(producer, this);
        wantedKey = key;
        wanted = producer;
        if (current == null) {
            currentKey = key;
            current = producer;
        }
    }

    /** The channel heard now (the one switched to once its packets arrive). */
    synchronized ChannelKey heard() {
        return wantedKey;
    }

    /**
     * Media event loop: copies one packet of a tapped channel for the call loop. The caller keeps the
     * packet.
     */
    void offer(Producer producer, ByteBuf packet) {
        if (producer != current && producer != wanted) {
            return; // an old channel still tapped for an instant
        }
        if (!ring.offer(producer, packet)) {
            dropped.increment();
            return;
        }
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            try {
                callLoop.execute(drain);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false); // the call's loop has shut down: closing
            }
        }
    }

    /** Call loop: decodes and sends everything queued. */
    private void drain() {
        // Cleared before reading: a payload offered after this schedules the next drain.
        drainScheduled.set(false);
        while (!closed && !ring.isEmpty()) {
            Producer source = ring.source();
            if (source == wanted && source != current) {
                switchToWanted();
            }
            if (source == current) {
                decodeAndSend(ring.payload(), ring.length(), ring.timestamp());
            }
            ring.remove();
        }
    }

    /** Call loop: the first packet of the channel switched to is here; the old one is no longer heard. */
    private synchronized void switchToWanted() {
        if (closed || wanted == current) {
            return;
        }
        stopHearing(current, currentKey);
        current = wanted;
        currentKey = wantedKey;
        // Another stream's timestamps have another origin: it continues where the old one ended.
        expectedTimestamp = -1;
    }

    /**
     * Decodes one packet of the channel heard. A packet missing before it (its timestamp is ahead of
     * the one expected) is recovered from this one's in-band FEC, or concealed if there is none
     * (RFC 6716 §2.1.7), as far as one Opus packet can go; a longer gap is a gap in the timestamps
     * sent, for the room system's jitter buffer to conceal (RFC 3550 §5.1).
     */
    private void decodeAndSend(byte[] payload, int length, long timestamp) {
        if (expectedTimestamp >= 0) {
            int missing = (int) (timestamp - expectedTimestamp); // RFC 3550 §5.1: modulo 2^32
            if (missing < 0) {
                dropped.increment(); // a duplicate, or too late
                return;
            }
            if (missing > MAX_OPUS_SAMPLES) {
                sentTimestamp += missing / TelephoneBandFilter.FACTOR;
                marker = true;
            } else if (missing > 0 && decodeAndSend(payload, length, missing, true) < 0) {
                return;
            }
        }
        int samples = decodeAndSend(payload, length, MAX_OPUS_SAMPLES, false);
        if (samples >= 0) {
            expectedTimestamp = (timestamp + samples) & 0xFFFF_FFFFL;
        }
    }

    /**
     * Decodes ({@code fec}: the frame before this packet, from its redundancy) and sends what it makes.
     *
     * @return the samples decoded at 48 kHz, or -1 if the packet is corrupt
     */
    private int decodeAndSend(byte[] payload, int length, int frameSize, boolean fec) {
        int samples;
        try {
            samples = decoder.decode(payload, 0, length, pcm48, 0, frameSize, fec);
        } catch (OpusException e) {
            dropped.increment();
            return -1;
        }
        send(samples);
        return samples;
    }

    private void send(int samples48) {
        pending8 += decimator.process(pcm48, 0, samples48, pcm8, pending8);
        int sent = 0;
        while (pending8 - sent >= FRAME_SAMPLES_8K) {
            long timestamp = sentTimestamp & 0xFFFF_FFFFL;
            if (sink.send(packetize(sent))) {
                sendStatistics.onPacketSent(timestamp, FRAME_SAMPLES_8K, System.nanoTime());
            }
            sent += FRAME_SAMPLES_8K;
        }
        System.arraycopy(pcm8, sent, pcm8, 0, pending8 - sent);
        pending8 -= sent;
    }

    /** One G.711 packet of {@code pcm8[from, from + 160)}; the sink releases it. */
    private ByteBuf packetize(int from) {
        ByteBuf packet = allocator.buffer(RtpPacket.FIXED_HEADER_LENGTH + FRAME_SAMPLES_8K);
        // RFC 3551 §4.1: the marker bit on the first packet of the stream.
        RtpPacket.writeFixedHeader(packet, marker, codec.payloadType(), sentSequence, sentTimestamp, ssrc);
        for (int i = from; i < from + FRAME_SAMPLES_8K; i++) {
            packet.writeByte(codec.encode(pcm8[i]));
        }
        marker = false;
        sentSequence = (sentSequence + 1) & 0xFFFF;
        sentTimestamp += FRAME_SAMPLES_8K;
        return packet;
    }

    /** Our SSRC, the sender of the call's reports. */
    long ssrc() {
        return ssrc;
    }

    /** What was sent, for the sender reports; call loop only. */
    SendStatistics sendStatistics() {
        return sendStatistics;
    }

    /** Under this object's lock. */
    private void stopHearing(Producer producer, ChannelKey key) {
        if (producer != null) {
            taps.remove(producer, this);
            channels.listenerRemoved(key);
        }
    }

    /** Stops listening and, on the call loop after any drain in progress, frees the decoder. Idempotent. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (wanted != current) {
                stopHearing(wanted, wantedKey);
            }
            stopHearing(current, currentKey);
            current = null;
            wanted = null;
        }
        CallAudioFactory.runOn(callLoop, decoder::close);
    }
}
