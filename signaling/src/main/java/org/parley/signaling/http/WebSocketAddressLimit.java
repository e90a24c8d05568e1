package org.parley.signaling.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.ws.SourceAddressLimits;

/**
 * Refuses a WebSocket upgrade from a source IP address that has {@code limits.connectionsPerAddress}
 * WebSockets open already: 429 Too Many Requests (RFC 6585 §4) before the upgrade, then close, counted as
 * {@code parley_limit_refusals_total{limit="connectionsPerAddress"}}. A connection that passes holds its
 * slot until it closes. One per channel.
 */
public final class WebSocketAddressLimit extends ChannelInboundHandlerAdapter {

    private final SourceAddressLimits sources;
    private final int limit;
    private final SignalingMetrics metrics;
    private InetAddress holding;

    public WebSocketAddressLimit(SourceAddressLimits sources, int limit, SignalingMetrics metrics) {
        this.sources = sources;
        this.limit = limit;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (holding == null && msg instanceof FullHttpRequest request && upgradesToWebSocket(request)
                && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            if (!sources.tryOpen(remote.getAddress())) {
                metrics.limitRefused(SignalingLimits.CONNECTIONS_PER_ADDRESS);
                try {
                    HttpResponses.sendTextAndClose(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS,
                            "limit " + SignalingLimits.CONNECTIONS_PER_ADDRESS + ": " + limit
                                    + " WebSockets from this address are open already\n");
                } finally {
                    request.release();
                }
                return;
            }
            holding = remote.getAddress();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (holding != null) {
            sources.closed(holding);
            holding = null;
        }
        ctx.fireChannelInactive();
    }

    private static boolean upgradesToWebSocket(FullHttpRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(upgrade);
    }
}
