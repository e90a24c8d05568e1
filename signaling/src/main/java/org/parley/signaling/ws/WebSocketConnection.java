package org.parley.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.protocol.ClientConnection;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.ServerMessages;

/**
 * A {@link ClientConnection} over a WebSocket channel: each message is one text frame of JSON
 * ({@link ServerMessageEncoder}). Once a client's unread backlog passes the channel's write buffer high
 * water mark, {@link SlowReaderHold} holds and merges its messages until it reads again.
 */
public final class WebSocketConnection implements ClientConnection {

    private final Channel channel;
    private final SignalingMetrics metrics;

    public WebSocketConnection(Channel channel, SignalingMetrics metrics) {
        this.channel = channel;
        this.metrics = metrics;
    }

    @Override
    public void send(ObjectNode message) {
        if (!channel.isActive()) {
            return;
        }
        // Netty makes writes from other threads safe by running them on the channel's event loop, in order;
        // there SlowReaderHold holds them while the client lags and ServerMessageEncoder serializes them.
        channel.writeAndFlush(message, channel.voidPromise());
    }

    @Override
    public boolean writable() {
        return channel.isWritable();
    }

    @Override
    public void sendError(ErrorCode code, String message, JsonNode id) {
        metrics.errorSent(code);
        send(ServerMessages.error(code, message, id));
    }

    @Override
    public void close(String reason) {
        // Written after the queued messages; the channel closes once the close frame is out.
        channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE.code(), reason))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return channel.eventLoop().schedule(task, delay, unit);
    }
}
