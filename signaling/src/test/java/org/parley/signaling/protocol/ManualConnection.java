package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection whose thread the test is: it keeps what is sent and queues what is executed or
 * scheduled, and tasks run when the test says, so nothing depends on time. {@link #writable} says
 * whether the client keeps up.
 */
final class ManualConnection implements ClientConnection {

    final List<ObjectNode> sent = new ArrayList<>();
    final List<Runnable> queued = new ArrayList<>();
    final List<ScheduledTask> scheduled = new ArrayList<>();
    boolean writable = true;
    String closedWith;

    @Override
    public void send(ObjectNode message) {
        sent.add(message);
    }

    @Override
    public void sendError(ErrorCode code, String message, JsonNode id) {
        send(ServerMessages.error(code, message, id));
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public void close(String reason) {
        closedWith = reason;
    }

    @Override
    public Executor executor() {
        return queued::add;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledTask scheduledTask = new ScheduledTask(task, unit.toNanos(delay));
        scheduled.add(scheduledTask);
        return scheduledTask;
    }

    /** Runs what was queued so far, as the event loop would. */
    void runQueued() {
        List<Runnable> now = new ArrayList<>(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }

    /** Fires the latest scheduled task, as the event loop would after its delay. */
    void fireCheck() {
        scheduled.getLast().run();
    }

    /** A one-shot scheduled task whose time never comes by itself. */
    static final class ScheduledTask extends FutureTask<Void> implements ScheduledFuture<Void> {
        final long delayNanos;
        final long delayMillis;

        ScheduledTask(Runnable task, long delayNanos) {
            super(task, null);
            this.delayNanos = delayNanos;
            this.delayMillis = TimeUnit.NANOSECONDS.toMillis(delayNanos);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed other) {
            return Long.compare(delayNanos, other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
