package org.parley.media.icetcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.parley.media.MediaMetrics;
import org.parley.media.transport.BatchedSender;
import org.parley.media.transport.WebRtcTransport;

/**
 * Hands every packet of a bound ICE-TCP connection to its transport, exactly as the UDP
 * demultiplexer hands it a datagram: DTLS, SRTP and the router see no difference. Sends made while
 * a read batch is handled are flushed once at its end. Each frame is released here after the
 * transport has handled it (transports copy what they keep).
 */
final class FramedPacketHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "ice-tcp-packets";

    private final IceTcpConnection connection;
    private final WebRtcTransport transport;
    private final MediaMetrics metrics;
    private final BatchedSender batch;

    FramedPacketHandler(IceTcpConnection connection, WebRtcTransport transport, MediaMetrics metrics,
                        BatchedSender batch) {
        this.connection = connection;
        this.transport = transport;
        this.metrics = metrics;
        this.batch = batch;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            batch.beginBatch();
            metrics.packetsReceived.increment();
            metrics.bytesReceived.increment(packet.readableBytes());
            if (!packet.isReadable()) {
                metrics.droppedMalformed.increment();
                return;
            }
            transport.receive(packet, connection, System.nanoTime());
        } finally {
            packet.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        batch.endBatch();
        ctx.fireChannelReadComplete();
    }
}
