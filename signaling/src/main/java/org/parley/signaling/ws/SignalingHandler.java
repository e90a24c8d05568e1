package org.parley.signaling.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.parley.signaling.metrics.DropReason;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.protocol.ClientConnection;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.SignalingSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the WebSocket pipeline: opens the connection's {@link SignalingSession} when the upgrade
 * completes, feeds it text frames, and closes it (leaving the meeting, closing the transport) with the
 * channel. Frames are released by {@link SimpleChannelInboundHandler}.
 */
public final class SignalingHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(SignalingHandler.class);

    private final SignalingSession session;
    private final SignalingMetrics metrics;
    private final ClientConnection connection;
    private boolean open;

    public SignalingHandler(SignalingSession session, SignalingMetrics metrics, ClientConnection connection) {
        this.session = session;
        this.metrics = metrics;
        this.connection = connection;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete && !open) {
            open = true;
            metrics.connectionOpened();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!open) {
            return; // the protocol handler only passes frames on after the handshake
        }
        if (frame instanceof TextWebSocketFrame text) {
            session.handle(text.text());
        } else {
            metrics.frameDropped(DropReason.BINARY);
            connection.sendError(ErrorCode.BAD_MESSAGE, "binary frames are not part of the protocol; send JSON text", null);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (open) {
            open = false;
            session.close();
            metrics.connectionClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Closing {} after {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
