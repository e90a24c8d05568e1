package org.parley.media.icetcp;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits an ICE-TCP byte stream into packets: RFC 4571 §2 frames each packet with a 16-bit
 * big-endian length. Emits each packet without its length field, as a retained slice the next
 * handler owns and releases; however the stream arrived (split or merged in TCP segments).
 *
 * <p>A length above {@link #MAX_PACKET} (the largest datagram the UDP side accepts) throws
 * {@link io.netty.handler.codec.TooLongFrameException} at once (fail fast, before the bytes
 * arrive): nothing a WebRTC peer sends is that long, so the connection is closed rather than
 * resynchronised. An empty frame is passed on (and counted as malformed downstream).
 */
public final class Rfc4571FrameDecoder extends LengthFieldBasedFrameDecoder {

    /** The largest packet accepted, the same bound as the UDP socket's receive buffers. */
    public static final int MAX_PACKET = 2048;
    static final int LENGTH_FIELD = 2;

    public Rfc4571FrameDecoder() {
        this(MAX_PACKET);
    }

    public Rfc4571FrameDecoder(int maxPacket) {
        // The frame limit counts the length field; the field itself is stripped.
        super(maxPacket + LENGTH_FIELD, 0, LENGTH_FIELD, 0, LENGTH_FIELD, true);
    }
}
