package org.parley.signaling.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: the Prometheus text exposition format 0.0.4 of every meter in the registry. */
@ChannelHandler.Sharable
public final class MetricsHandler extends HttpRoute {

    public static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsHandler(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected boolean matches(String path) {
        return PATH.equals(path);
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (HttpResponses.requireGetOrHead(ctx, request)) {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            HttpResponses.send(ctx, request, HttpResponseStatus.OK, CONTENT_TYPE, body);
        }
    }
}
