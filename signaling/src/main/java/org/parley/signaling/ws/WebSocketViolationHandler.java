package org.parley.signaling.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.parley.signaling.metrics.DropReason;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.protocol.ClientConnection;
import org.parley.signaling.protocol.ErrorCode;

/**
 * Turns WebSocket protocol violations into a counted close with the right status (RFC 6455 §7.4.1):
 * 1009 for a frame or fragmented message over the limit (after a {@code MESSAGE_TOO_LARGE} error),
 * the decoder's status (e.g. 1007 for invalid UTF-8) otherwise. The frame decoder is configured not to
 * close by itself so that the drop is counted before the client sees the close.
 */
public final class WebSocketViolationHandler extends ChannelInboundHandlerAdapter {

    private final SignalingMetrics metrics;
    private final ClientConnection connection;
    private final int maxMessageBytes;
    private boolean upgraded;

    public WebSocketViolationHandler(SignalingMetrics metrics, ClientConnection connection, int maxMessageBytes) {
        this.metrics = metrics;
        this.connection = connection;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            upgraded = true;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        WebSocketCloseStatus status;
        if (!upgraded) {
            status = null;
        } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            status = corrupted.closeStatus();
        } else if (cause instanceof TooLongFrameException) {
            status = WebSocketCloseStatus.MESSAGE_TOO_BIG; // a fragmented message over the aggregator's limit
        } else {
            status = null;
        }
        if (status == null) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            metrics.frameDropped(DropReason.TOO_LARGE);
            connection.sendError(ErrorCode.MESSAGE_TOO_LARGE, "messages are limited to " + maxMessageBytes + " bytes", null);
        } else {
            metrics.frameDropped(DropReason.PROTOCOL_VIOLATION);
        }
        ctx.channel().writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
    }
}
