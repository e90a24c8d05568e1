package org.parley.signaling.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.metrics.SignalingMetrics;

/**
 * Keeps a quiet WebSocket alive and closes a dead one, on the reader-idle events of the
 * {@code IdleStateHandler} at the top of the pipeline: after {@code idleSeconds} with nothing read the
 * server sends a ping frame, which every browser answers with a pong by itself (RFC 6455 §5.5.2–5.5.3;
 * pages cannot send control frames, and need not send anything); after as long again with still
 * nothing read, the connection closes with 1001 "going away", counted as
 * {@code parley_limit_refusals_total{limit="idleSeconds"}}. Before the upgrade it does nothing
 * ({@code HttpRequestDeadline} bounds that phase).
 */
public final class WebSocketKeepAlive extends ChannelInboundHandlerAdapter {

    private final SignalingMetrics metrics;
    private final int idleSeconds;
    private boolean upgraded;

    public WebSocketKeepAlive(int idleSeconds, SignalingMetrics metrics) {
        this.idleSeconds = idleSeconds;
        this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            upgraded = true;
        } else if (upgraded && evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            if (idle.isFirst()) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            } else {
                metrics.limitRefused(SignalingLimits.IDLE_SECONDS);
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(),
                                "limit " + SignalingLimits.IDLE_SECONDS + ": nothing received for " + 2 * idleSeconds + " s"))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
