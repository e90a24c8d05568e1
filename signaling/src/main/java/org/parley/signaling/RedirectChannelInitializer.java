package org.parley.signaling;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.parley.signaling.http.HttpsRedirectHandler;

/** The pipeline of the plain-HTTP redirect port ({@code http.redirectPort}): parse one request, redirect, close. */
final class RedirectChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** A redirect needs only the request line and headers; larger bodies are refused (413) by the aggregator. */
    private static final int MAX_REQUEST_BYTES = 8 * 1024;
    private static final int READ_TIMEOUT_SECONDS = 10;

    private final HttpsRedirectHandler redirect;

    RedirectChannelInitializer(HttpsRedirectHandler redirect) {
        this.redirect = redirect;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline()
                .addLast("idle", new ReadTimeoutHandler(READ_TIMEOUT_SECONDS))
                .addLast("http-codec", new HttpServerCodec())
                .addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast("redirect", redirect);
    }
}
