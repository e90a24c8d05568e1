package org.parley.signaling.sip.media;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * The one handler of a call's RTP or RTCP socket: hands each datagram to its {@link Receiver} and
 * releases it afterwards (receivers copy what they keep). Nothing thrown while handling a datagram
 * closes the socket: it is counted as a drop.
 */
final class CallDatagramHandler extends ChannelInboundHandlerAdapter {

    /** Handles one datagram on the call's event loop; the handler keeps ownership of it. */
    @FunctionalInterface
    interface Receiver {
        void receive(ByteBuf datagram, InetSocketAddress sender);
    }

    private final Receiver receiver;
    private final Runnable onFailure;

    /** @param onFailure counts a datagram whose handling failed */
    CallDatagramHandler(Receiver receiver, Runnable onFailure) {
        this.receiver = receiver;
        this.onFailure = onFailure;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof DatagramPacket datagram) {
                receiver.receive(datagram.content(), datagram.sender());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // One bad datagram must not end the call.
        onFailure.run();
    }
}
