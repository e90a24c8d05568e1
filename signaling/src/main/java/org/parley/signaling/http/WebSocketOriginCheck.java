package org.parley.signaling.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Refuses a WebSocket upgrade that a page of another site started: a browser sends the page's
 * {@code Origin} with every WebSocket handshake (RFC 6455 §4.1, §10.2), and without this check any
 * site a participant visits could open a signaling connection in its name (cross-site WebSocket
 * hijacking). Allowed: the server's own origin, that is {@code http.publicUrl} or the scheme and
 * {@code Host} the request came to, and the origins listed in {@code http.allowedOrigins}.
 * A request without {@code Origin} is not a browser's (SIP gateways, test clients, tools) and passes.
 * A refusal is 403 before the upgrade, counted in {@code parley_ws_origin_refused_total}.
 */
@ChannelHandler.Sharable
public final class WebSocketOriginCheck extends ChannelInboundHandlerAdapter {

    private final String path;
    private final OriginPolicy origins;
    private final Counter refused;

    /**
     * @param path    the WebSocket path; requests for it and below it ({@code /ws?…}) are checked
     * @param origins the origins whose pages may open it
     */
    public WebSocketOriginCheck(String path, OriginPolicy origins, MeterRegistry registry) {
        this.path = path;
        this.origins = origins;
        this.refused = Counter.builder("parley.ws.origin.refused")
                .description("WebSocket upgrades refused with 403 because of their Origin")
                .register(registry);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && forWebSocket(request.uri())) {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (origin != null && !origins.allows(origin, request)) {
                refused.increment();
                try {
                    HttpResponses.sendText(ctx, request, HttpResponseStatus.FORBIDDEN,
                            "this page's origin may not open Parley's WebSocket\n");
                } finally {
                    request.release();
                }
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private boolean forWebSocket(String uri) {
        return uri.equals(path) || uri.startsWith(path + "?") || uri.startsWith(path + "/");
    }
}
