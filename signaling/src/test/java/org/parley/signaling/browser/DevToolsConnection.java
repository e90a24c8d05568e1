package org.parley.signaling.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Chrome DevTools Protocol client over one WebSocket to the browser endpoint.
 *
 * <p>Pages are reached through flattened target sessions ({@code Target.attachToTarget} with
 * {@code flatten: true}): every command and event carries an optional {@code sessionId}, so a whole
 * browser needs only this one connection. Commands get increasing ids; a response completes the
 * future registered under its id. Events go to listeners registered by session and method name.
 *
 * <p>Threading: responses and events arrive on the WebSocket's receive thread. Event listeners run
 * there and must not block (in particular they must not call {@link #call}); hand work to a future
 * instead. {@link #call} may be used from any other thread and always ends within its timeout.
 */
public final class DevToolsConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevToolsConnection.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient httpClient;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Object sendLock = new Object();
    private volatile WebSocket webSocket;
    private volatile String closeReason;
    /** {@link WebSocket#sendText} allows one outstanding send, so sends are chained. Guarded by sendLock. */
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    private DevToolsConnection(HttpClient httpClient) {
        this.httpClient = httpClient;
    }

    /**
     * Opens a connection to a DevTools WebSocket endpoint, e.g. {@code ws://127.0.0.1:PORT/devtools/browser/ID}.
     *
     * @throws DevToolsException if the handshake does not complete within {@code timeout}
     */
    public static DevToolsConnection open(URI endpoint, Duration timeout) {
        HttpClient httpClient = HttpClient.newBuilder().connectTimeout(timeout).build();
        DevToolsConnection connection = new DevToolsConnection(httpClient);
        try {
            connection.webSocket = httpClient.newWebSocketBuilder()
                    .connectTimeout(timeout)
                    .buildAsync(endpoint, connection.new Receiver())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            httpClient.shutdownNow();
            throw new DevToolsException("interrupted while connecting to " + endpoint, e);
        } catch (ExecutionException | TimeoutException e) {
            httpClient.shutdownNow();
            throw new DevToolsException("cannot open DevTools WebSocket " + endpoint + ": " + e, e);
        }
    }

    /**
     * Sends a command and waits for its result.
     *
     * @param sessionId target session, or {@code null} for the browser itself
     * @param params    command parameters, or {@code null} for none
     * @return the {@code result} object of the response (never {@code null})
     * @throws DevToolsException on an error response, a closed connection or when {@code timeout} passes
     */
    public JsonNode call(String sessionId, String method, ObjectNode params, Duration timeout) {
        CompletableFuture<JsonNode> result = send(sessionId, method, params);
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevToolsException("interrupted while waiting for " + method, e);
        } catch (TimeoutException e) {
            result.cancel(false);
            throw new DevToolsException(method + " got no response within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof DevToolsException cause
                    ? new DevToolsException(cause.getMessage(), cause)
                    : new DevToolsException(method + " failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Sends a command without waiting. The future completes with the {@code result} object, or
     * exceptionally with a {@link DevToolsException}. Cancelling it forgets the command.
     */
    public CompletableFuture<JsonNode> send(String sessionId, String method, ObjectNode params) {
        Objects.requireNonNull(method, "method");
        int id = nextId.getAndIncrement();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params == null ? JSON.createObjectNode() : params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        result.whenComplete((ignored, failure) -> pending.remove(id));
        pending.put(id, result);
        if (closeReason != null) {
            result.completeExceptionally(new DevToolsException(method + ": connection closed: " + closeReason));
            return result;
        }
        String text = message.toString();
        synchronized (sendLock) {
            lastSend = lastSend
                    .handle((ignored, failure) -> null)
                    .thenCompose(ignored -> webSocket.sendText(text, true))
                    .whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(
                                    new DevToolsException(method + ": send failed: " + failure, failure));
                        }
                    });
        }
        return result;
    }

    /**
     * Registers a listener for one event.
     *
     * @param sessionId only events of this session, or {@code null} for browser-level events
     * @param method    event name, e.g. {@code Page.loadEventFired}
     * @param listener  receives the event's {@code params}; runs on the receive thread, must not block
     * @return a handle whose {@link Subscription#close()} removes the listener
     */
    public Subscription onEvent(String sessionId, String method, Consumer<JsonNode> listener) {
        Subscription subscription = new Subscription(sessionId, method, listener);
        subscriptions.add(subscription);
        return subscription;
    }

    /** Creates an empty parameter object for {@link #call}. */
    public static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Whether the WebSocket has closed or failed. */
    public boolean isClosed() {
        return closeReason != null;
    }

    /** Closes the WebSocket, fails every pending command and stops the HTTP client. */
    @Override
    public void close() {
        markClosed("closed by client");
        WebSocket socket = webSocket;
        if (socket != null) {
            socket.abort();
        }
        httpClient.shutdownNow();
    }

    private void markClosed(String reason) {
        if (closeReason != null) {
            return;
        }
        closeReason = reason;
        for (CompletableFuture<JsonNode> result : pending.values()) {
            result.completeExceptionally(new DevToolsException("DevTools connection closed: " + reason));
        }
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return; // Not CDP; nothing is waiting for it.
        }
        JsonNode id = message.get("id");
        if (id != null) {
            CompletableFuture<JsonNode> result = pending.get(id.asInt());
            if (result == null) {
                return; // Timed out or cancelled already.
            }
            JsonNode error = message.get("error");
            if (error != null) {
                result.completeExceptionally(new DevToolsException(
                        "DevTools error " + error.path("code").asInt() + ": " + error.path("message").asText()
                                + (error.has("data") ? " (" + error.get("data").asText() + ")" : "")));
            } else {
                result.complete(message.path("result"));
            }
            return;
        }
        String method = message.path("method").asText();
        String sessionId = message.hasNonNull("sessionId") ? message.get("sessionId").asText() : null;
        JsonNode params = message.path("params");
        for (Subscription subscription : subscriptions) {
            if (subscription.matches(sessionId, method)) {
                subscription.listener.accept(params);
            }
        }
    }

    /** A registered event listener; closing it unregisters it. */
    public final class Subscription implements AutoCloseable {
        private final String sessionId;
        private final String method;
        private final Consumer<JsonNode> listener;

        private Subscription(String sessionId, String method, Consumer<JsonNode> listener) {
            this.sessionId = sessionId;
            this.method = Objects.requireNonNull(method, "method");
            this.listener = Objects.requireNonNull(listener, "listener");
        }

        private boolean matches(String eventSessionId, String eventMethod) {
            return method.equals(eventMethod) && Objects.equals(sessionId, eventSessionId);
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }

    /** Accumulates fragmented text messages and hands complete ones to {@link #dispatch}. */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket socket) {
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    dispatch(text);
                } catch (RuntimeException e) {
                    // A failing listener must not stop the connection for everyone else.
                    LOG.warn("DevTools event listener failed", e);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            markClosed("WebSocket closed by browser (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            markClosed("WebSocket error: " + error);
        }
    }
}
