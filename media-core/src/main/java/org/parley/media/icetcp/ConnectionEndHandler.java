package org.parley.media.icetcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an ICE-TCP connection: a read or decode failure (an oversized frame, a reset)
 * closes this one connection, counted {@code bad_frame}, never anything else; and when the
 * connection ends, its transport hears of it.
 */
final class ConnectionEndHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEndHandler.class);

    private final IceTcpConnection connection;
    private final org.parley.media.MediaMetrics metrics;

    ConnectionEndHandler(IceTcpConnection connection, org.parley.media.MediaMetrics metrics) {
        this.connection = connection;
        this.metrics = metrics;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            LOG.debug("{}: {}", connection, cause.getMessage());
        } else {
            LOG.debug("{} failed", connection, cause);
        }
        connection.close(metrics.tcpClosedBadFrame);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.closed();
        ctx.fireChannelInactive();
    }
}
