package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The way back to one client. {@code send*} may be called from any thread. */
public interface ClientConnection {

    /** Sends one server message; silently dropped when the connection is gone. */
    void send(ObjectNode message);

    /** Sends {@code error {code, message, id}} and counts it; {@code id} may be null. */
    void sendError(ErrorCode code, String message, JsonNode id);

    /**
     * Whether a message sent now would go out at once rather than wait behind a backlog the client has
     * not read (Netty's write buffer above its high water mark): a sender of periodic state skips a turn
     * instead of queueing. Any thread.
     */
    default boolean writable() {
        return true;
    }

    /** Closes the connection normally, after the messages already sent (WebSocket status 1000, RFC 6455 §7.4.1). */
    void close(String reason);

    /** The connection's own thread; session state is only touched there. */
    Executor executor();

    /** Runs {@code task} on {@link #executor()} after {@code delay}; cancel it when it is no longer wanted. */
    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit);
}
