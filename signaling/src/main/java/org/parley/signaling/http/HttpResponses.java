package org.parley.signaling.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;

/** Writes complete HTTP responses: length, keep-alive and HEAD handled in one place. */
public final class HttpResponses {

    static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    static final String JSON = "application/json";

    private HttpResponses() {
    }

    /** Sends {@code body} (omitted for HEAD, RFC 9110 §9.3.2) and closes unless the client keeps alive. */
    static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                     CharSequence contentType, byte[] body) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Content-Type-Options", "nosniff");
        write(ctx, request, response);
    }

    static void sendText(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String text) {
        send(ctx, request, status, TEXT_PLAIN, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code text} and closes the connection once it is written (a refusal that ends the connection). */
    static void sendTextAndClose(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                 String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        HttpUtil.setKeepAlive(response, false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** True for GET and HEAD; otherwise answers 405 with the {@code Allow} header (RFC 9110 §15.5.6). */
    static boolean requireGetOrHead(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpMethod method = request.method();
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            return true;
        }
        byte[] body = "method not allowed\n".getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                HttpResponseStatus.METHOD_NOT_ALLOWED, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.ALLOW, "GET, HEAD")
                .set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        write(ctx, request, response);
        return false;
    }

    /** Writes {@code response}, keeping the connection open if the request asked to, else closing it after. */
    public static void write(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
