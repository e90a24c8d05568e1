package org.parley.signaling.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Locale;

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
    private final List<String> allowed;
    private final PublicAddress address;
    private final Counter refused;

    /**
     * @param path    the WebSocket path; requests for it and below it ({@code /ws?…}) are checked
     * @param allowed lower-case origins allowed besides the server's own
     */
    public WebSocketOriginCheck(String path, List<String> allowed, PublicAddress address, MeterRegistry registry) {
        this.path = path;
        this.allowed = List.copyOf(allowed);
        this.address = address;
        this.refused = Counter.builder("parley.ws.origin.refused")
                .description("WebSocket upgrades refused with 403 because of their Origin")
                .register(registry);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && forWebSocket(request.uri())) {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (origin != null && !allows(origin, request)) {
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

    private boolean allows(String origin, FullHttpRequest request) {
        String normal = normalize(origin);
        for (String each : allowed) {
            if (normalize(each).equals(normal)) {
                return true;
            }
        }
        if (address.publicUrl().isPresent() && normalize(address.publicUrl().get()).equals(normal)) {
            return true;
        }
        String requestRoot = address.requestRoot(request);
        return requestRoot != null && normalize(requestRoot).equals(normal);
    }

    /** Lower case, without a default port (browsers leave it out of Origin; a Host header may carry it). */
    static String normalize(String origin) {
        String lower = origin.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") && lower.endsWith(":443")) {
            return lower.substring(0, lower.length() - 4);
        }
        if (lower.startsWith("http://") && lower.endsWith(":80")) {
            return lower.substring(0, lower.length() - 3);
        }
        return lower;
    }
}
