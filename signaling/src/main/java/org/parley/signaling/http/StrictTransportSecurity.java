package org.parley.signaling.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Adds {@code Strict-Transport-Security} to every response of a TLS connection (RFC 6797 §7.1), so a
 * browser that once reached Parley over HTTPS never tries plain HTTP for it again. One year, the
 * common preload floor; no {@code includeSubDomains}: Parley cannot know the operator's other hosts.
 * Browsers ignore the header on a connection whose certificate they did not accept (§8.1), so a
 * self-signed trial pins nothing.
 */
@ChannelHandler.Sharable
public final class StrictTransportSecurity extends ChannelOutboundHandlerAdapter {

    public static final String HEADER = "Strict-Transport-Security";
    public static final String VALUE = "max-age=31536000";

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            response.headers().set(HEADER, VALUE);
        }
        ctx.write(msg, promise);
    }
}
