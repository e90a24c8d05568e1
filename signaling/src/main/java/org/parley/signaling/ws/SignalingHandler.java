package org.parley.signaling.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.Optional;
import org.parley.media.MediaServer;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.metrics.DropReason;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.protocol.ClientConnection;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.SignalingSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the WebSocket pipeline: opens a {@link SignalingSession} when the upgrade completes,
 * feeds it text frames, and closes it (leaving the meeting, closing the transport) with the channel.
 * Frames are released by {@link SimpleChannelInboundHandler}.
 */
public final class SignalingHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(SignalingHandler.class);

    private final ObjectMapper mapper;
    private final MeetingRegistry meetings;
    private final Optional<MediaServer> media;
    private final SignalingMetrics metrics;
    private final ClientConnection connection;
    private SignalingSession session;

    public SignalingHandler(ObjectMapper mapper, MeetingRegistry meetings, Optional<MediaServer> media,
                            SignalingMetrics metrics, ClientConnection connection) {
        this.mapper = mapper;
        this.meetings = meetings;
        this.media = media;
        this.metrics = metrics;
        this.connection = connection;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete && session == null) {
            session = new SignalingSession(mapper, meetings, media, metrics, connection);
            metrics.connectionOpened();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (session == null) {
            return; // frames cannot precede the handshake; nothing to answer
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
        if (session != null) {
            session.close();
            session = null;
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
