package org.parley.signaling.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.metrics.SignalingMetrics;

/**
 * Closes a WebSocket that has not joined a meeting {@code joinSeconds} after its upgrade, with 1008
 * "policy violation" (RFC 6455 §7.4.1) and the reason, counted as
 * {@code parley_limit_refusals_total{limit="joinSeconds"}}: a connection that only holds a slot costs
 * memory and a descriptor and gives nothing. The pages open their WebSocket when they join.
 */
public final class JoinDeadline extends ChannelInboundHandlerAdapter {

    private final int seconds;
    private final BooleanSupplier joined;
    private final SignalingMetrics metrics;
    private ScheduledFuture<?> timer;

    /** @param joined whether the connection's session has ever joined; asked on the channel's event loop */
    public JoinDeadline(int seconds, BooleanSupplier joined, SignalingMetrics metrics) {
        this.seconds = seconds;
        this.joined = joined;
        this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete && timer == null) {
            timer = ctx.executor().schedule(() -> expire(ctx), seconds, TimeUnit.SECONDS);
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void expire(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive() || joined.getAsBoolean()) {
            return;
        }
        metrics.limitRefused(SignalingLimits.JOIN_SECONDS);
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION.code(),
                        "limit " + SignalingLimits.JOIN_SECONDS + ": no join within " + seconds + " s"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
