package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.parley.signaling.dashboard.DashboardFeed;
import org.parley.signaling.dashboard.DashboardFrame;
import org.parley.signaling.dashboard.DashboardRefusal;
import org.parley.signaling.dashboard.DashboardScope;

/**
 * One connection's dashboard: the {@code dashboard} messages of an operator's page, at most one per
 * {@link #MIN_INTERVAL_NANOS}.
 *
 * <p>Every message carries the whole current state, so a message that is never sent loses nothing:
 * the next one says everything that matters now. The history graphs are the exception, and they are
 * sent incrementally: the view remembers the last tick whose samples went out, and the next message
 * carries every sample after it, read from the feed's ten-minute rings. So coalescing is simple and
 * exact. Frames arrive once a second; a frame that comes while the previous one is still waiting is
 * replaced by it (one pending frame, never a queue). A client that stops reading gets nothing more
 * until its backlog drains ({@link ClientConnection#writable()}): its connection buffers at most the
 * write buffer's high water mark and one message, however long it lags, and when it reads again the
 * next message brings the samples it missed (up to ten minutes of them). Ahead of each message the
 * credentials are checked again: a revoked or expired operator invitation, or the end of the login
 * session that opened the view, closes it.
 *
 * <p>Confined to the connection's thread, except {@link #frame}, which the feed calls on its own.
 */
final class DashboardView {

    /** At most one message per view per second. */
    static final long MIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What opened the view, asked again before each message. */
    @FunctionalInterface
    interface Credentials {
        DashboardScope admit() throws DashboardRefusal;
    }

    private final ClientConnection connection;
    private final DashboardFeed feed;
    private final Credentials credentials;
    private final LongSupplier nanoTime;
    /** The newest frame the feed handed over; written by the feed's thread. */
    private volatile DashboardFrame pending;
    /** Whether a delivery is queued on the connection's thread; set by the feed, cleared there. */
    private volatile boolean queued;
    private Runnable unsubscribe;
    /** The request's id, for the first message; null after it. */
    private JsonNode replyId;
    /** The last tick whose samples were sent; -1 before the first message (which carries all ten minutes). */
    private long sentTick = -1;
    private long sentAlert;
    private long sentNanos;
    private boolean sentAny;
    private long skipped;
    private ScheduledFuture<?> timer;
    private boolean stopped;

    DashboardView(ClientConnection connection, DashboardFeed feed, Credentials credentials, LongSupplier nanoTime) {
        this.connection = connection;
        this.feed = feed;
        this.credentials = credentials;
        this.nanoTime = nanoTime;
    }

    /** Starts the view; its first message (the reply to request {@code id}) goes out with the feed's latest frame. */
    void start(JsonNode id) {
        replyId = id;
        unsubscribe = feed.subscribe(this::frame);
        DashboardFrame latest = feed.latest();
        if (latest != null) {
            pending = latest;
            deliver();
        }
    }

    /** The feed sampled: any thread. Hands the frame over, queueing one delivery however many frames come. */
    void frame(DashboardFrame frame) {
        pending = frame;
        if (queued) {
            return;
        }
        queued = true;
        try {
            connection.executor().execute(this::deliver);
        } catch (RejectedExecutionException e) {
            queued = false; // the connection's loop is shutting down: nobody is left to tell
        }
    }

    /** No more messages. Connection thread; idempotent. */
    void stop() {
        stopped = true;
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Frames not sent because the client was not reading; for tests and diagnostics. */
    long skipped() {
        return skipped;
    }

    private void deliver() {
        queued = false; // before reading pending: a frame handed over after this queues a new delivery
        DashboardFrame frame = pending;
        if (stopped || frame == null || frame.tick() <= sentTick || timer != null) {
            return;
        }
        long now = nanoTime.getAsLong();
        long wait = sentNanos + MIN_INTERVAL_NANOS - now;
        if (sentAny && wait > 0) {
            timer = connection.schedule(() -> {
                timer = null;
                deliver();
            }, wait, TimeUnit.NANOSECONDS);
            return;
        }
        if (!connection.writable()) {
            skipped++; // the next frame brings this one's samples too
            return;
        }
        DashboardScope scope;
        try {
            scope = credentials.admit();
        } catch (DashboardRefusal e) {
            stop();
            connection.sendError(errorCode(e), e.getMessage(), replyId);
            connection.close(e.getMessage());
            return;
        }
        connection.send(DashboardMessages.dashboard(replyId, frame, scope, sentTick, feed.alertsAfter(sentAlert, frame),
                feed::history, feed.silentBoothSeconds()));
        replyId = null;
        sentAny = true;
        sentNanos = now;
        sentTick = frame.tick();
        sentAlert = frame.alertSequence();
    }

    /** The error a refusal is reported with. */
    static ErrorCode errorCode(DashboardRefusal refusal) {
        return switch (refusal.reason()) {
            case NO_CREDENTIALS -> ErrorCode.BAD_MESSAGE;
            case WRONG_KEY, NOT_OPERATOR -> ErrorCode.FORBIDDEN;
            case TOKEN -> SignalingSession.errorCode(refusal.tokenFailure());
            case TICKET -> ErrorCode.TICKET_INVALID;
            case LOGGED_OUT -> ErrorCode.LOGGED_OUT;
        };
    }
}
