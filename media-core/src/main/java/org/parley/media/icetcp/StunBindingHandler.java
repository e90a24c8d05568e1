package org.parley.media.icetcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.parley.media.MediaMetrics;
import org.parley.media.ice.StunMessage;
import org.parley.media.transport.BatchedSender;
import org.parley.media.transport.TransportRegistry;
import org.parley.media.transport.WebRtcTransport;

/**
 * Binds a new ICE-TCP connection to its transport. We are ICE-lite, so the peer speaks first
 * (RFC 6544 §7.1): its first frame must be a STUN Binding request whose USERNAME names one of our
 * ufrags (found as the UDP demultiplexer finds a new address's transport) and that the transport's
 * ICE agent accepts. Then this handler gives way to a {@link FramedPacketHandler}; otherwise the
 * connection is closed (counted {@code unauthenticated}).
 *
 * <p>Until then the connection holds one of a bounded number of {@link BindingSlots} (more are
 * closed at once, {@code limit}) and has {@code bindTimeout} to authenticate ({@code timeout}).
 * Each frame is released here.
 */
final class StunBindingHandler extends ChannelInboundHandlerAdapter {

    private final IceTcpConnection connection;
    private final TransportRegistry transports;
    private final BindingSlots slots;
    private final long bindTimeoutNanos;
    private final MediaMetrics metrics;
    private final BatchedSender batch;
    private boolean holdsSlot;
    private boolean rejected;
    private ScheduledFuture<?> timeout;

    StunBindingHandler(IceTcpConnection connection, TransportRegistry transports, BindingSlots slots,
                       long bindTimeoutNanos, MediaMetrics metrics, BatchedSender batch) {
        this.connection = connection;
        this.transports = transports;
        this.slots = slots;
        this.bindTimeoutNanos = bindTimeoutNanos;
        this.metrics = metrics;
        this.batch = batch;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        metrics.tcpConnectionsAccepted.increment();
        if (!slots.tryAcquire()) {
            rejected = true;
            connection.close(metrics.tcpClosedLimit);
            return;
        }
        holdsSlot = true;
        timeout = ctx.executor().schedule(() -> connection.close(metrics.tcpClosedTimeout),
                bindTimeoutNanos, TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            metrics.packetsReceived.increment();
            metrics.bytesReceived.increment(frame.readableBytes());
            if (rejected) {
                return; // later frames of the read that brought a rejected one
            }
            WebRtcTransport transport = frame.isReadable() && StunMessage.isStun(frame)
                    ? transports.byUfrag(StunMessage.localUfrag(frame))
                    : null;
            if (transport == null) {
                metrics.droppedUnknownSource.increment(); // not STUN, or no ufrag of ours
                reject();
                return;
            }
            batch.beginBatch();
            transport.receive(frame, connection, System.nanoTime());
            if (connection.transport() != transport) {
                reject(); // the agent counted it; closing flushes its error response, if any
                return;
            }
            ctx.pipeline().replace(this, FramedPacketHandler.NAME,
                    new FramedPacketHandler(connection, transport, metrics, batch));
        } finally {
            frame.release();
        }
    }

    private void reject() {
        rejected = true;
        connection.close(metrics.tcpClosedUnauthenticated);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        batch.endBatch();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // Bound (replaced by the packet handler) or closed: either way no longer unauthenticated.
        if (holdsSlot) {
            holdsSlot = false;
            slots.release();
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
