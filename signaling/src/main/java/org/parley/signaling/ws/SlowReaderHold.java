package org.parley.signaling.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.protocol.StateEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the server messages of a client that stopped reading, so that a busy meeting cannot grow its
 * backlog without bound: once the channel's write buffer passes its high water mark (not writable),
 * each server message waits here, state events merged by {@link StateEvents#key} (the latest of a key
 * replaces the earlier one, a join and leave the client never read cancel out), everything else in
 * order behind them. When the buffer has drained (writable again) the held messages go out in order,
 * as many as the buffer takes. More than {@code heldMessages} unmerged messages close the connection,
 * counted as {@code parley_limit_refusals_total{limit="heldMessages"}}.
 *
 * <p>Order: the held messages form a subsequence of what was sent, in sending order (a replaced event
 * moves to its latest place), so no reply overtakes an event sent before it, and an event that names a
 * participant or a producer never comes before the event that introduced it.
 *
 * <p>Only {@link ObjectNode}s (written by {@link WebSocketConnection}) are held; frames written by other
 * handlers (a close, a ping) pass at once. One per channel, on its event loop: no locks. Nothing is
 * allocated while the client keeps up.
 */
public final class SlowReaderHold extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SlowReaderHold.class);

    private final int limit;
    private final SignalingMetrics metrics;
    /** Held messages in sending order: state events under their key, the others under a sequence number. */
    private final LinkedHashMap<Object, Held> held = new LinkedHashMap<>();
    /** Held messages without a key, checked against {@link #limit}. */
    private int unmerged;
    private long sequence;
    /** {@link #held}'s size as last added to the metric. */
    private int reported;
    private boolean draining;
    private boolean closed;

    private record Held(ObjectNode message, ChannelPromise promise, boolean merged) {
    }

    /** @param limit {@code limits.heldMessages}: unmerged messages held before the connection is closed */
    public SlowReaderHold(int limit, SignalingMetrics metrics) {
        this.limit = limit;
        this.metrics = metrics;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ObjectNode message) || held.isEmpty() && ctx.channel().isWritable()) {
            ctx.write(msg, promise);
            return;
        }
        if (closed) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new java.nio.channels.ClosedChannelException());
            return;
        }
        hold(ctx, message, promise);
        if (!closed && ctx.channel().isWritable()) {
            drain(ctx);
        }
        report();
    }

    private void hold(ChannelHandlerContext ctx, ObjectNode message, ChannelPromise promise) {
        String key = StateEvents.key(message);
        if (key == null) {
            if (unmerged >= limit) {
                overflow(ctx);
                return;
            }
            unmerged++;
            held.put(sequence++, new Held(message, promise, false));
            return;
        }
        Held previous = held.remove(key);
        if (previous != null) {
            previous.promise.trySuccess(); // told by the later event
            if (StateEvents.cancels(previous.message, message)) {
                promise.trySuccess();
                return;
            }
        }
        held.put(key, new Held(message, promise, true));
    }

    private void overflow(ChannelHandlerContext ctx) {
        metrics.limitRefused(SignalingLimits.HELD_MESSAGES);
        LOG.info("Closing {}: its client does not read, and {} messages are waiting (limit {})",
                ctx.channel(), limit, SignalingLimits.HELD_MESSAGES);
        discard();
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!held.isEmpty() && ctx.channel().isWritable()) {
            drain(ctx);
            report();
        }
        super.channelWritabilityChanged(ctx);
    }

    /** Writes held messages in order until the buffer is full again. Writing can fire a writability change: not re-entered. */
    private void drain(ChannelHandlerContext ctx) {
        if (draining || closed) {
            return;
        }
        draining = true;
        try {
            boolean wrote = false;
            Iterator<Held> it = held.values().iterator();
            while (it.hasNext() && ctx.channel().isWritable()) {
                Held next = it.next();
                it.remove();
                if (!next.merged) {
                    unmerged--;
                }
                ctx.write(next.message, next.promise);
                wrote = true;
            }
            if (wrote) {
                ctx.flush();
            }
        } finally {
            draining = false;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        discard();
        report();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discard();
        report();
    }

    /** Nobody will read them: the held messages are dropped (plain JSON trees, nothing to release). */
    private void discard() {
        closed = true;
        held.clear();
        unmerged = 0;
    }

    private void report() {
        int size = held.size();
        if (size != reported) {
            metrics.heldMessages(size - reported);
            reported = size;
        }
    }

    /** Held messages now, merged and unmerged; on the channel's event loop. */
    int heldCount() {
        return held.size();
    }
}
