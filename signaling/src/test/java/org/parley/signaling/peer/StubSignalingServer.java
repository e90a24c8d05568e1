package org.parley.signaling.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A scripted stand-in for the signaling server, just enough to exercise {@link SignalingClient}:
 * <ul>
 *   <li>{@code join} → event {@code participantJoined} first, then the {@code joined} reply;</li>
 *   <li>{@code offer} → an {@code answer} whose SDP is large and sent in three WebSocket fragments;</li>
 *   <li>{@code subscribe} to producer {@code "missing"} → {@code error {code: "not-found"}}, otherwise
 *       {@code subscribed};</li>
 *   <li>{@code bye} → the server closes the connection.</li>
 * </ul>
 */
final class StubSignalingServer implements AutoCloseable {

    static final String LARGE_SDP = "v=0\r\n" + "a=x-filler:0123456789abcdef\r\n".repeat(2000);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    StubSignalingServer() throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new HttpServerCodec(),
                                new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/ws"),
                                new Script());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/ws");
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Script extends SimpleChannelInboundHandler<TextWebSocketFrame> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
            JsonNode request = JSON.readTree(frame.text());
            String id = request.path("id").asText();
            switch (request.path("type").asText()) {
                case "join" -> {
                    send(ctx, JSON.createObjectNode().put("type", "participantJoined").put("participantId", "p0")
                            .put("name", "earlier"));
                    ObjectNode joined = JSON.createObjectNode().put("type", "joined").put("id", id)
                            .put("participantId", "p1");
                    joined.putArray("producers").addObject().put("producerId", "prod-0")
                            .put("participantId", "p0").put("name", "earlier");
                    send(ctx, joined);
                }
                case "offer" -> {
                    ObjectNode answer = JSON.createObjectNode().put("type", "answer").put("id", id)
                            .put("sdp", LARGE_SDP);
                    answer.putArray("consumers").addObject().put("mid", "1").put("ssrc", 1234);
                    sendFragmented(ctx, JSON.writeValueAsString(answer));
                }
                case "subscribe" -> send(ctx, "missing".equals(request.path("producerId").asText())
                        ? JSON.createObjectNode().put("type", "error").put("id", id).put("code", "not-found")
                                .put("message", "no such producer")
                        : JSON.createObjectNode().put("type", "subscribed").put("id", id));
                case "bye" -> ctx.close();
                default -> send(ctx, JSON.createObjectNode().put("type", "error").put("id", id)
                        .put("code", "unknown-type").put("message", request.path("type").asText()));
            }
        }

        private static void send(ChannelHandlerContext ctx, ObjectNode message) throws Exception {
            ctx.writeAndFlush(new TextWebSocketFrame(JSON.writeValueAsString(message)));
        }

        /** RFC 6455 §5.4: a text frame without FIN, then continuation frames, the last with FIN. */
        private static void sendFragmented(ChannelHandlerContext ctx, String text) {
            int third = text.length() / 3;
            ctx.write(new TextWebSocketFrame(false, 0, text.substring(0, third)));
            ctx.write(new ContinuationWebSocketFrame(false, 0, text.substring(third, 2 * third)));
            ctx.writeAndFlush(new ContinuationWebSocketFrame(true, 0, text.substring(2 * third)));
        }
    }
}
