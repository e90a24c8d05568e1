package org.parley.signaling.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * A handler that answers the HTTP requests whose path it {@link #matches} and passes everything else
 * (other requests, WebSocket frames) down the pipeline. It releases the requests it answers.
 */
public abstract class HttpRoute extends ChannelInboundHandlerAdapter {

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            path = null; // bad percent-encoding
        }
        if (path != null && !matches(path)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (path == null || request.decoderResult().isFailure()) {
                HttpResponses.sendText(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad request\n");
            } else {
                handle(ctx, request, path);
            }
        } finally {
            request.release();
        }
    }

    /** Whether this route answers {@code path} (already percent-decoded, without query). */
    protected abstract boolean matches(String path);

    /** Answers the request; the caller releases it. */
    protected abstract void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path);
}
