package org.parley.signaling.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * The whole job of the plain-HTTP redirect port ({@code http.redirectPort}): every request is answered
 * with a redirect to the same path on the HTTPS address, and the connection closed. GET and HEAD get
 * 301 (understood by every client); other methods 308, which keeps method and body (RFC 9110 §15.4.9).
 * Nothing else is served in the clear.
 */
@ChannelHandler.Sharable
public final class HttpsRedirectHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final PublicAddress address;
    private final IntSupplier httpsPort;

    /**
     * @param address   the public URL, if configured, is the target's site root
     * @param httpsPort the TLS port, for targets built from the request's {@code Host}
     */
    public HttpsRedirectHandler(PublicAddress address, IntSupplier httpsPort) {
        this.address = address;
        this.httpsPort = httpsPort;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String target = target(request);
        FullHttpResponse response;
        if (target == null || request.decoderResult().isFailure()) {
            byte[] body = "bad request: this port only redirects to HTTPS and needs a valid Host header\n"
                    .getBytes(StandardCharsets.UTF_8);
            response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.BAD_REQUEST,
                    Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpResponses.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        } else {
            boolean safe = HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method());
            response = new DefaultFullHttpResponse(request.protocolVersion(),
                    safe ? HttpResponseStatus.MOVED_PERMANENTLY : HttpResponseStatus.PERMANENT_REDIRECT,
                    Unpooled.EMPTY_BUFFER);
            response.headers().set(HttpHeaderNames.LOCATION, target).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** The HTTPS URL of the request's path and query, or null without a usable host. */
    String target(FullHttpRequest request) {
        String uri = request.uri();
        String pathAndQuery = uri.startsWith("/") && !uri.startsWith("//") ? uri : "/";
        if (address.publicUrl().isPresent()) {
            return address.publicUrl().get() + pathAndQuery;
        }
        String host = PublicAddress.host(request);
        if (host == null) {
            return null;
        }
        int port = httpsPort.getAsInt();
        return "https://" + PublicAddress.withoutPort(host) + (port == 443 ? "" : ":" + port) + pathAndQuery;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or a timeout: nothing to answer
    }
}
