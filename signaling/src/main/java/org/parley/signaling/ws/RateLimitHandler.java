package org.parley.signaling.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.function.LongSupplier;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.metrics.DropReason;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.protocol.ClientConnection;
import org.parley.signaling.protocol.ErrorCode;

/**
 * Drops data frames that arrive faster than the connection's token bucket allows. Every dropped
 * frame is counted; the client hears {@code RATE_LIMITED} at most once a second, and the connection
 * stays open: a misbehaving client slows down rather than vanishes. Dropped frames are released here.
 */
public final class RateLimitHandler extends ChannelInboundHandlerAdapter {

    private static final long ERROR_INTERVAL_NANOS = 1_000_000_000L;

    private final TokenBucket bucket;
    private final LongSupplier nanoClock;
    private final SignalingMetrics metrics;
    private final ClientConnection connection;
    private boolean errorSent;
    private long lastErrorNanos;

    public RateLimitHandler(SignalingLimits limits, SignalingMetrics metrics, ClientConnection connection) {
        this.nanoClock = System::nanoTime;
        this.bucket = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), nanoClock);
        this.metrics = metrics;
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean dataFrame = msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame;
        if (!dataFrame || bucket.tryTake()) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        metrics.frameDropped(DropReason.RATE_LIMITED);
        long now = nanoClock.getAsLong();
        if (!errorSent || now - lastErrorNanos >= ERROR_INTERVAL_NANOS) {
            errorSent = true;
            lastErrorNanos = now;
            connection.sendError(ErrorCode.RATE_LIMITED, "too many messages; excess messages are dropped", null);
        }
    }
}
