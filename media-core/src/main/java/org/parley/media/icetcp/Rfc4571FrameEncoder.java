package org.parley.media.icetcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Frames each outgoing packet for ICE-TCP: its 16-bit length, then the packet (RFC 4571 §2). The
 * packet is copied once into a pooled buffer of exactly the framed size (one write, one entry in
 * the outbound queue); the encoder releases the packet.
 */
@Sharable
public final class Rfc4571FrameEncoder extends MessageToByteEncoder<ByteBuf> {

    private static final int MAX_LENGTH = 0xFFFF;

    public Rfc4571FrameEncoder() {
        super(ByteBuf.class, true);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ByteBuf packet, boolean preferDirect) {
        return ctx.alloc().ioBuffer(Rfc4571FrameDecoder.LENGTH_FIELD + packet.readableBytes());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf packet, ByteBuf out) {
        int length = packet.readableBytes();
        if (length > MAX_LENGTH) {
            throw new EncoderException("a " + length + "-byte packet does not fit an RFC 4571 frame");
        }
        out.writeShort(length);
        out.writeBytes(packet);
    }
}
