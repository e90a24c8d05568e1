package org.parley.signaling.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.metrics.SignalingMetrics;

/**
 * Closes an HTTP connection that does not complete a request in time (slowloris): the deadline runs
 * from the accept and again from each complete request, so a connection that sends nothing, one that
 * dribbles its headers a byte at a time and an idle keep-alive connection all run out. Placed after the
 * aggregator, it sees only complete requests. A response still being written holds the deadline off
 * (a slow download is not idle); once the connection is a WebSocket it stands down and removes itself
 * ({@code WebSocketKeepAlive} and {@code JoinDeadline} take over). Counted as
 * {@code parley_limit_refusals_total{limit="idleSeconds"}}. One per channel.
 */
public final class HttpRequestDeadline extends ChannelInboundHandlerAdapter {

    private final long deadlineNanos;
    private final SignalingMetrics metrics;
    private long lastRequestNanos;
    private ScheduledFuture<?> timer;

    public HttpRequestDeadline(int seconds, SignalingMetrics metrics) {
        this.deadlineNanos = TimeUnit.SECONDS.toNanos(seconds);
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added by the ChannelInitializer, while the channel is already active: no channelActive follows.
        lastRequestNanos = System.nanoTime();
        schedule(ctx, deadlineNanos);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            lastRequestNanos = System.nanoTime();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isActive() || ctx.isRemoved()) {
            return;
        }
        if (ctx.pipeline().get(WebSocketFrameDecoder.class) != null) {
            ctx.pipeline().remove(this); // upgraded
            return;
        }
        long left = lastRequestNanos + deadlineNanos - System.nanoTime();
        if (left > 0) {
            schedule(ctx, left);
        } else if (writing(ctx)) {
            schedule(ctx, deadlineNanos);
        } else {
            metrics.limitRefused(SignalingLimits.IDLE_SECONDS);
            ctx.close();
        }
    }

    private static boolean writing(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
        return pending != null && pending.totalPendingWriteBytes() > 0;
    }

    private void schedule(ChannelHandlerContext ctx, long nanos) {
        timer = ctx.executor().schedule(() -> check(ctx), nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
