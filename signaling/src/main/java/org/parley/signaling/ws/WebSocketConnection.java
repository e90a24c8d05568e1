package org.parley.signaling.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.protocol.ClientConnection;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.ServerMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ClientConnection} over a WebSocket channel: each message is one text frame of JSON. A client
 * whose unread backlog exceeds the channel's write buffer high water mark is disconnected.
 */
public final class WebSocketConnection implements ClientConnection {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

    private final Channel channel;
    private final ObjectMapper mapper;
    private final SignalingMetrics metrics;

    public WebSocketConnection(Channel channel, ObjectMapper mapper, SignalingMetrics metrics) {
        this.channel = channel;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @Override
    public void send(ObjectNode message) {
        if (!channel.isActive()) {
            return;
        }
        if (!channel.isWritable()) {
            // The client stopped reading and its backlog passed the high water mark: dropping events would
            // leave it with a wrong picture of the meeting, buffering more would let it exhaust our memory.
            LOG.info("Closing {}: the client does not read its messages", channel);
            channel.close();
            return;
        }
        String json;
        try {
            json = mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serializes; this would be a bug in ServerMessages.
            throw new IllegalStateException("cannot serialize " + message.get("type"), e);
        }
        // Netty makes writes from other threads safe by running them on the channel's event loop.
        channel.writeAndFlush(new TextWebSocketFrame(json), channel.voidPromise());
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
