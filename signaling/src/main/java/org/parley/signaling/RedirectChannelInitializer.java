package org.parley.signaling;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import org.parley.signaling.http.HttpRequestDeadline;
import org.parley.signaling.http.HttpsRedirectHandler;
import org.parley.signaling.metrics.SignalingMetrics;

/** The pipeline of the plain-HTTP redirect port ({@code http.redirectPort}): parse one request, redirect, close. */
final class RedirectChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** A redirect needs only the request line and headers; larger bodies are refused (413) by the aggregator. */
    private static final int MAX_REQUEST_BYTES = 8 * 1024;

    private final HttpsRedirectHandler redirect;
    private final int idleSeconds;
    private final SignalingMetrics metrics;

    /** @param idleSeconds {@code limits.idleSeconds}: a request must be complete this long after the accept */
    RedirectChannelInitializer(HttpsRedirectHandler redirect, int idleSeconds, SignalingMetrics metrics) {
        this.redirect = redirect;
        this.idleSeconds = idleSeconds;
        this.metrics = metrics;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline()
                .addLast("http-codec", new HttpServerCodec())
                .addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast("http-deadline", new HttpRequestDeadline(idleSeconds, metrics))
                .addLast("redirect", redirect);
    }
}
