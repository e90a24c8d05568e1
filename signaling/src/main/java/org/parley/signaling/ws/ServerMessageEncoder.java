package org.parley.signaling.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.util.List;

/**
 * Writes a server message (a JSON tree of {@code ServerMessages}) as one text frame, serialized straight into
 * the frame's buffer on the connection's event loop. Stateless, shared by all channels.
 */
@ChannelHandler.Sharable
public final class ServerMessageEncoder extends MessageToMessageEncoder<ObjectNode> {

    private final ObjectMapper mapper;

    public ServerMessageEncoder(ObjectMapper mapper) {
        super(ObjectNode.class);
        this.mapper = mapper;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ObjectNode message, List<Object> out) throws IOException {
        ByteBuf json = ctx.alloc().buffer();
        try {
            mapper.writeValue((java.io.OutputStream) new ByteBufOutputStream(json), message);
        } catch (IOException | RuntimeException e) {
            // A tree of plain nodes always serializes; this would be a bug in ServerMessages.
            json.release();
            throw e;
        }
        out.add(new TextWebSocketFrame(json)); // the frame owns the buffer now
    }
}
