package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that collects the server's JSON messages in order. */
final class WsTestClient implements WebSocket.Listener, AutoCloseable {

    /** Generous: only guards against a hung test, never measures anything. */
    private static final long WAIT_SECONDS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    /** Event types {@link #next} passes over, e.g. the rosters a chair receives; none by default. */
    private volatile Set<String> ignored = Set.of();
    private final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile CompletableFuture<Long> pong = new CompletableFuture<>();
    private final WebSocket webSocket;

    private WsTestClient(HttpClient http, int port) {
        webSocket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), this)
                .orTimeout(WAIT_SECONDS, TimeUnit.SECONDS)
                .join();
    }

    static WsTestClient connect(HttpClient http, int port) {
        return new WsTestClient(http, port);
    }

    /** Asserts that {@code message} is an {@code error} with this {@code code} and a message for humans. */
    static void assertError(JsonNode message, String code) {
        assertEquals("error", message.get("type").asText(), message.toString());
        assertEquals(code, message.get("code").asText(), message.toString());
        assertFalse(message.get("message").asText().isEmpty());
    }

    /** Makes {@link #next} (and {@link #request}) pass over events of these types; returns this client. */
    WsTestClient ignoring(String... eventTypes) {
        ignored = Set.of(eventTypes);
        return this;
    }

    void send(String text) {
        webSocket.sendText(text, true).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** Sends one message as several frames (RFC 6455 §5.4 fragmentation). */
    void sendFragmented(String... fragments) {
        for (int i = 0; i < fragments.length; i++) {
            webSocket.sendText(fragments[i], i == fragments.length - 1).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        }
    }

    void sendBinary(byte[] bytes) {
        webSocket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** Sends a request and returns the next message, which must be its reply. */
    JsonNode request(String text) {
        send(text);
        return next();
    }

    JsonNode next() {
        try {
            JsonNode message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            while (message != null && ignored.contains(message.path("type").asText())) {
                message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            assertNotNull(message, "no message from the server");
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends a WebSocket ping; the future completes with {@link System#nanoTime()} when the pong arrives. */
    CompletableFuture<Long> ping() {
        CompletableFuture<Long> awaited = new CompletableFuture<>();
        pong = awaited;
        webSocket.sendPing(ByteBuffer.wrap(new byte[] {'p'})).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        return awaited;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        pong.complete(System.nanoTime());
        ws.request(1);
        return null;
    }

    /** The status code of the server's close frame. */
    int awaitClose() {
        return closeStatus.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    boolean hasPendingMessages() {
        return !messages.isEmpty();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(JSON.readTree(partial.toString()));
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeStatus.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closeStatus.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!webSocket.isOutputClosed()) {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        webSocket.abort();
    }
}
