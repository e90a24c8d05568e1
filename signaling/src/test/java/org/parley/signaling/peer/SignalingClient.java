package org.parley.signaling.peer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * A client of Parley's signaling WebSocket (JSON text messages), for end-to-end tests.
 *
 * <p>Every message is an object with a {@code type}. A request carries an {@code id} that the server echoes
 * in its reply, or in an {@code error {code, message, id}}: {@link #request} matches the two and waits for
 * it. Every other message is an event, kept (the last {@value #MAX_EVENTS}) until someone takes it with
 * {@link #awaitEvent}, which picks the oldest of a type and leaves the others queued.
 *
 * <p>Thread-safe: requests from several threads interleave safely; the JDK delivers incoming messages on one
 * thread at a time.
 */
public final class SignalingClient implements AutoCloseable {

    /** Timeout of the convenience requests ({@link #join}, {@link #offer}, {@link #subscribe}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final int MAX_EVENTS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final ArrayDeque<JsonNode> events = new ArrayDeque<>();
    private final Object sendLock = new Object();
    private final WebSocket socket;
    private volatile String closeReason;

    private SignalingClient(URI uri, Duration timeout, SSLContext tls) throws SignalingException, InterruptedException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        if (tls != null) {
            builder.sslContext(tls);
        }
        HttpClient http = builder.build();
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .connectTimeout(timeout)
                .buildAsync(uri, new Listener());
        try {
            socket = opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            opening.cancel(true);
            throw new SignalingException(SignalingException.CONNECTION_CLOSED, "cannot open " + uri + ": " + e);
        }
    }

    /** Opens a WebSocket to the signaling endpoint, waiting at most {@link #DEFAULT_TIMEOUT}. */
    public static SignalingClient connect(URI uri) throws SignalingException, InterruptedException {
        return new SignalingClient(uri, DEFAULT_TIMEOUT, null);
    }

    /** Opens a {@code wss://} WebSocket whose server certificate {@code tls} trusts. */
    public static SignalingClient connect(URI uri, SSLContext tls) throws SignalingException, InterruptedException {
        return new SignalingClient(uri, DEFAULT_TIMEOUT, tls);
    }

    /** A new message of this type, to fill in and pass to {@link #request} or {@link #send}. */
    public static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /**
     * Sends {@code message} with a fresh {@code id} (overwriting any) and returns the reply carrying that id.
     *
     * @throws SignalingException if the reply is an {@code error}, or the connection closed first
     * @throws TimeoutException   if no reply came within {@code timeout}
     */
    public JsonNode request(ObjectNode message, Duration timeout)
            throws SignalingException, TimeoutException, InterruptedException {
        String id = Long.toString(nextId.getAndIncrement());
        message.put("id", id);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            send(message);
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SignalingException error
                    ? error : new SignalingException(SignalingException.CONNECTION_CLOSED, e.getCause().toString());
        } catch (TimeoutException e) {
            throw new TimeoutException("no reply to " + message + " within " + timeout);
        } finally {
            pending.remove(id);
        }
    }

    /** Sends a message without waiting for any reply. */
    public void send(ObjectNode message) throws SignalingException, InterruptedException {
        String text;
        try {
            text = JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable: " + message, e);
        }
        // The JDK WebSocket allows one outstanding send at a time.
        synchronized (sendLock) {
            try {
                socket.sendText(text, true).get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new SignalingException(SignalingException.CONNECTION_CLOSED, "send failed: " + e);
            }
        }
    }

    /**
     * Takes the oldest queued event of this {@code type}, waiting for one up to {@code timeout}.
     *
     * @throws TimeoutException   if none came, listing the types that did
     * @throws SignalingException if the connection closed and none is queued
     */
    public JsonNode awaitEvent(String type, Duration timeout)
            throws TimeoutException, SignalingException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Iterator<JsonNode> queued = events.iterator(); queued.hasNext(); ) {
                    JsonNode event = queued.next();
                    if (type.equals(event.path("type").asText())) {
                        queued.remove();
                        return event;
                    }
                }
                if (closeReason != null) {
                    throw new SignalingException(SignalingException.CONNECTION_CLOSED,
                            closeReason + " while waiting for " + type);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no " + type + " event within " + timeout + "; queued: " + queuedTypes());
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /**
     * Takes queued events of this {@code type} until one satisfies {@code wanted} (older ones are
     * dropped), waiting for more up to {@code timeout} in all.
     *
     * @throws TimeoutException if none did
     */
    public JsonNode awaitEvent(String type, Predicate<JsonNode> wanted, Duration timeout)
            throws TimeoutException, SignalingException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode event = awaitEvent(type, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** A snapshot of the events received and not taken by {@link #awaitEvent}, oldest first (at most the last 1000). */
    public List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** {@code join {meeting, name}}; returns {@code joined {participantId, producers}}. */
    public JsonNode join(String meeting, String name)
            throws SignalingException, TimeoutException, InterruptedException {
        return request(message("join").put("meeting", meeting).put("name", name), DEFAULT_TIMEOUT);
    }

    /** {@code offer {sdp}}; returns {@code answer {sdp, producers, consumers: [{mid, ssrc}]}}. */
    public JsonNode offer(String sdp) throws SignalingException, TimeoutException, InterruptedException {
        return request(message("offer").put("sdp", sdp), DEFAULT_TIMEOUT);
    }

    /** {@code subscribe {mid, producerId}}; returns {@code subscribed}. */
    public JsonNode subscribe(String mid, String producerId)
            throws SignalingException, TimeoutException, InterruptedException {
        return request(message("subscribe").put("mid", mid).put("producerId", producerId), DEFAULT_TIMEOUT);
    }

    /** Whether the server closed the connection or it failed. */
    public boolean isClosed() {
        return closeReason != null;
    }

    /** How the connection ended ("closed by server: 1008 …"), or null while it is open. */
    public String closeReason() {
        return closeReason;
    }

    /** Closes the WebSocket (normal closure, RFC 6455 §7.4.1 code 1000) without waiting for the server. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(1, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Closing anyway: abort() below releases the connection whatever the peer does.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.abort();
        closed("closed by client");
    }

    private String queuedTypes() {
        StringBuilder types = new StringBuilder("[");
        for (JsonNode event : events) {
            types.append(types.length() > 1 ? ", " : "").append(event.path("type").asText());
        }
        return types.append(']').toString();
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            message = message("unparseable").put("text", text);
        }
        JsonNode id = message.get("id");
        CompletableFuture<JsonNode> reply = id == null ? null : pending.get(id.asText());
        if (reply != null) {
            if ("error".equals(message.path("type").asText())) {
                reply.completeExceptionally(new SignalingException(
                        message.path("code").asText("unknown"), message.path("message").asText("")));
            } else {
                reply.complete(message);
            }
            return;
        }
        synchronized (events) {
            if (events.size() == MAX_EVENTS) {
                events.removeFirst();
            }
            events.addLast(message);
            events.notifyAll();
        }
    }

    private void closed(String reason) {
        synchronized (events) {
            if (closeReason == null) {
                closeReason = reason;
            }
            events.notifyAll();
        }
        SignalingException error = new SignalingException(SignalingException.CONNECTION_CLOSED, reason);
        pending.values().forEach(reply -> reply.completeExceptionally(error));
    }

    /** Accumulates fragmented text messages (RFC 6455 §5.4) and hands each whole one to {@link #dispatch}. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder fragments = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            fragments.append(data);
            if (last) {
                String text = fragments.toString();
                fragments.setLength(0);
                dispatch(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed("closed by server: " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed("failed: " + error);
        }
    }
}
