package org.parley.media.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.media.rtp.RtpPacket;

/**
 * Packetizes the frames of one {@linkplain Producer#local local producer} into RTP (RFC 3550 §5.1):
 * its own random SSRC, sequence numbers that step by one per packet from a random start, timestamps
 * taken from the source's 48 kHz timeline plus a random offset, and the marker bit on the first
 * packet after a gap (RFC 3551 §4.1: the start of a talkspurt, e.g. after DTX or a tier without
 * listeners). No header extensions.
 *
 * <p>{@link #packetize} belongs to one thread at a time (the mixer thread that encodes the stream);
 * the packets go to the event loop through an {@link RtpInjector}.
 */
public final class LocalRtpStream {

    private final Producer producer;
    private final long timestampOffset;
    private int nextSequence;
    private long expectedTimestamp = -1;

    /** A stream for {@code producer}, which must be {@linkplain Producer#local local}; its SSRC is the producer's. */
    public LocalRtpStream(Producer producer) {
        if (!producer.isLocal()) {
            throw new IllegalArgumentException("producer " + producer.id() + " belongs to a transport");
        }
        this.producer = producer;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.nextSequence = random.nextInt(0x10000);
        this.timestampOffset = random.nextLong(0x1_0000_0000L);
    }

    /** A new local producer with a random SSRC, and its stream. */
    public static LocalRtpStream create(String producerId, String kind, int payloadType, int clockRate) {
        long ssrc = ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);
        return new LocalRtpStream(Producer.local(producerId, kind, ssrc, payloadType, clockRate));
    }

    public Producer producer() {
        return producer;
    }

    /**
     * Writes one RTP packet carrying {@code payload[0..length)} into a buffer from {@code allocator}.
     * The caller owns the returned buffer (an {@link RtpInjector} releases it after forwarding).
     *
     * @param timestamp       the frame's first sample on the source's timeline, in clock-rate units
     * @param durationSamples the frame's duration in the same units: the next frame is contiguous if it
     *                        starts at {@code timestamp + durationSamples}
     */
    public ByteBuf packetize(ByteBufAllocator allocator, byte[] payload, int length, long timestamp,
                             int durationSamples) {
        boolean marker = timestamp != expectedTimestamp;
        expectedTimestamp = timestamp + durationSamples;
        ByteBuf packet = allocator.buffer(RtpPacket.FIXED_HEADER_LENGTH + length);
        RtpPacket.writeFixedHeader(packet, marker, producer.payloadType(), nextSequence, timestamp + timestampOffset,
                producer.ssrc());
        packet.writeBytes(payload, 0, length);
        nextSequence = (nextSequence + 1) & 0xFFFF;
        return packet;
    }
}
