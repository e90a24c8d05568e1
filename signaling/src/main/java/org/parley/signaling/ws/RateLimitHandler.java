package org.parley.signaling.ws;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.function.LongSupplier;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.metrics.DropReason;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.protocol.ClientConnection;
import org.parley.signaling.protocol.ErrorCode;

/**
 * Every WebSocket frame a client sends takes a token of the connection's bucket: text and binary
 * messages (the JSON {@code ping} included), each fragment of a fragmented one, and the control frames
 * ping, pong and close, which is why it sits before the upgrade handler that answers them. A data frame
 * that finds the bucket empty is dropped and counted; the client hears {@code RATE_LIMITED} at most once a
 * second and the connection stays open: a misbehaving client slows down rather than vanishes. A control
 * frame that finds it empty closes the connection with 1008 (RFC 6455 §7.4.1), counted in
 * {@code parley_limit_refusals_total{limit="messagesPerSecond"}}: browsers send none of their own, so a
 * flood of them has no innocent sender, and each one would cost a pong. Frames it drops are released here.
 */
public final class RateLimitHandler extends ChannelInboundHandlerAdapter {

    private static final long ERROR_INTERVAL_NANOS = 1_000_000_000L;
    private static final long LINGER_MILLIS = 1000;

    private final TokenBucket bucket;
    private final LongSupplier nanoClock;
    private final SignalingMetrics metrics;
    private final ClientConnection connection;
    private boolean errorSent;
    private long lastErrorNanos;
    private boolean closing;

    public RateLimitHandler(SignalingLimits limits, SignalingMetrics metrics, ClientConnection connection) {
        this.nanoClock = System::nanoTime;
        this.bucket = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), nanoClock);
        this.metrics = metrics;
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg); // HTTP, before the upgrade
            return;
        }
        if (!closing && bucket.tryTake()) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(frame);
        metrics.frameDropped(DropReason.RATE_LIMITED);
        if (closing) {
            return;
        }
        boolean data = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame;
        if (!data) {
            closing = true;
            metrics.limitRefused(SignalingLimits.MESSAGES_PER_SECOND);
            Channel channel = ctx.channel();
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION.code(),
                            "limit " + SignalingLimits.MESSAGES_PER_SECOND + ": control frames past the message rate"))
                    .addListener(written -> lingerThenClose(channel));
            return;
        }
        long now = nanoClock.getAsLong();
        if (!errorSent || now - lastErrorNanos >= ERROR_INTERVAL_NANOS) {
            errorSent = true;
            lastErrorNanos = now;
            connection.sendError(ErrorCode.RATE_LIMITED, "too many messages; excess messages are dropped", null);
        }
    }

    /**
     * Ends the output after the close frame (FIN), keeps reading (and dropping) for a moment, then closes:
     * closing at once, with the rest of the flood still arriving, would answer it with a reset that can
     * destroy the close frame before the client reads it (RFC 6455 §7.1.1: the server closes TCP first).
     */
    private static void lingerThenClose(Channel channel) {
        if (channel instanceof DuplexChannel duplex && channel.isActive()) {
            duplex.shutdownOutput();
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            channel.close();
        }
    }
}
