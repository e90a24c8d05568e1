package org.parley.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.parley.media.MediaMetrics;
import org.parley.media.ice.StunMessage;

/**
 * The one handler of the shared UDP socket: finds the transport a datagram belongs to and hands it
 * over. Known remote addresses map straight to their transport; a datagram from a new address is
 * accepted only if it is a STUN request naming one of our ICE ufrags (RFC 8445 §7.3), so nothing
 * but a peer that knows our credentials can claim an address.
 *
 * <p>The datagram is released here after the transport has handled it (transports copy what they
 * keep). Sends made while handling a batch of reads are flushed once at the end of the batch.
 */
public final class DatagramDemuxHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private final TransportRegistry transports;
    private final MediaMetrics metrics;
    private final BatchedSender sender;

    public DatagramDemuxHandler(TransportRegistry transports, MediaMetrics metrics, BatchedSender sender) {
        super(true);
        this.transports = transports;
        this.metrics = metrics;
        this.sender = sender;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        sender.beginBatch();
        ByteBuf datagram = packet.content();
        InetSocketAddress from = packet.sender();
        metrics.packetsReceived.increment();
        metrics.bytesReceived.increment(datagram.readableBytes());
        if (!datagram.isReadable()) {
            metrics.droppedMalformed.increment();
            return;
        }
        WebRtcTransport transport = transports.byAddress(from);
        if (transport == null) {
            if (!StunMessage.isStun(datagram)) {
                metrics.droppedUnknownSource.increment();
                return;
            }
            transport = transports.byUfrag(StunMessage.localUfrag(datagram));
            if (transport == null) {
                metrics.droppedUnknownSource.increment();
                return;
            }
        }
        transport.receive(datagram, from, System.nanoTime());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        sender.endBatch();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // One bad datagram must never close the socket every participant shares.
        metrics.droppedMalformed.increment();
        MediaLog.LOG.warn("media datagram handling failed", cause);
    }
}
