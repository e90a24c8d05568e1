package org.parley.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * One signaling WebSocket that sends what no client should: text that is not JSON, JSON that is not an
 * object, unknown types, missing and mistyped fields, binary frames, nesting too deep to parse. It counts
 * the server's {@code error} replies by code and remembers how the server closed it.
 *
 * <p>The JDK allows one outstanding send per WebSocket, so each send waits for the previous one; frames are
 * paced in bursts on a schedule. Received messages are requested one at a time, so the server's replies
 * never back up.
 */
final class WebSocketFlood implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final int BURST = 50;

    private final WebSocket socket;
    private final long openedNanos;
    private final Map<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
    private final Random random;
    private boolean joined;
    private long sent;

    private WebSocketFlood(URI uri, long seed) throws IOException, InterruptedException {
        this.random = new Random(seed);
        this.openedNanos = System.nanoTime();
        try {
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(SEND_TIMEOUT)
                    .buildAsync(uri, new Listener())
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot open " + uri, e);
        }
    }

    static WebSocketFlood open(URI uri, long seed) throws IOException, InterruptedException {
        return new WebSocketFlood(uri, seed);
    }

    /**
     * Joins {@code meeting} first, so that the flood also carries well-formed requests a participant may
     * send but that must fail: offers that are not SDP, a second join, unknown producers and mids.
     */
    void join(String meeting, String name) throws IOException, InterruptedException {
        JsonNode reply = requestUntilAnswered("{\"type\":\"join\",\"id\":\"join\",\"meeting\":\"" + meeting
                + "\",\"name\":\"" + name + "\"}", "join");
        if (!"joined".equals(reply.path("type").asText())) {
            throw new AssertionError("cannot join " + meeting + ": " + reply);
        }
        joined = true;
    }

    /** Sends {@code total} hostile frames over about {@code seconds} seconds (longer if sending lags). */
    void flood(int total, double seconds) throws IOException, InterruptedException {
        long nanosPerFrame = (long) (seconds * 1e9 / total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            if (i % 16 == 7) {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                await(socket.sendBinary(ByteBuffer.wrap(bytes), true));
            } else {
                sendText(hostileText(i));
            }
            sent++;
            if (i % BURST == BURST - 1) {
                long due = start + (i + 1) * nanosPerFrame - System.nanoTime();
                if (due > 0) {
                    TimeUnit.NANOSECONDS.sleep(due);
                }
            }
        }
    }

    private String hostileText(int i) {
        if (joined && i % 3 == 0) {
            return hostileRequest(i);
        }
        return switch (i % 15) {
            case 0 -> "{\"type\":\"jo"; // cut short
            case 1 -> "not json at all " + random.nextInt();
            case 2 -> "[1,2,3]";
            case 3 -> Integer.toString(random.nextInt());
            case 4 -> "null";
            case 5 -> "{\"type\":\"frobnicate-" + random.nextInt(1000) + "\",\"id\":" + i + "}";
            case 6 -> "{\"type\":\"join\",\"id\":" + i + "}"; // no meeting, no name
            case 8 -> "{\"type\":\"subscribe\",\"id\":" + i + ",\"mid\":1}"; // mid of the wrong type
            case 9 -> "{\"id\":" + i + "}"; // no type
            case 10 -> "{\"type\":42,\"id\":\"" + "x".repeat(200) + "\"}"; // id too long, type not a string
            case 11 -> "{\"type\":\"offer\",\"id\":" + i + ",\"sdp\":\"v=0\\r\\nm=bogus\\r\\n\"}"; // not joined
            case 12 -> i % 1000 == 12 ? "[".repeat(5000) + "]".repeat(5000) : "{\"type\":\"ping\",\"id\":{}}";
            case 13 -> "{\"type\":\"join\",\"id\":" + i + ",\"meeting\":\"no-such-meeting\",\"name\":\"\\uD800\"}";
            default -> "\"\\u0000\"" + (char) ('a' + random.nextInt(26));
        };
    }

    /**
     * Well-formed requests of a joined participant (a delegate of the demo meeting) that the server
     * must refuse, floor requests included: a delegate may not run the floor.
     */
    private String hostileRequest(int i) {
        return switch (i % 8) {
            case 0 -> "{\"type\":\"offer\",\"id\":" + i + ",\"sdp\":\"v=0\\r\\nm=audio " + random.nextInt() + "\"}";
            case 1 -> "{\"type\":\"join\",\"id\":" + i + ",\"meeting\":\"demo\",\"name\":\"again\"}";
            case 2 -> "{\"type\":\"subscribe\",\"id\":" + i + ",\"mid\":\"0\",\"producerId\":\"nobody/" + i + "\"}";
            case 3 -> "{\"type\":\"grantFloor\",\"id\":" + i + ",\"participantId\":\"p" + random.nextInt() + "\"}";
            case 4 -> "{\"type\":\"raiseHand\",\"id\":" + i + ",\"raised\":\"" + random.nextInt() + "\"}";
            case 5 -> "{\"type\":\"caption\",\"id\":" + i + ",\"text\":\"" + "x".repeat(random.nextInt(2000)) + "\"}";
            case 6 -> "{\"type\":\"setFloorLanguage\",\"id\":" + i + ",\"language\":" + random.nextInt() + "}";
            default -> "{\"type\":\"unsubscribe\",\"id\":" + i + ",\"mid\":\"" + random.nextInt(100) + "\"}";
        };
    }

    /** Sends one text frame as it is, waiting for the send to complete. */
    void sendText(String text) throws IOException, InterruptedException {
        await(socket.sendText(text, true));
    }

    /** Sends a text message split into two frames (RFC 6455 §5.4). */
    void sendFragmented(String first, String second) throws IOException, InterruptedException {
        await(socket.sendText(first, false));
        await(socket.sendText(second, true));
    }

    /**
     * Sends {@code message} (a JSON object with an {@code "id"} equal to {@code id}) until a reply with that
     * id arrives, once every 250 ms for at most 5 s: frames over the rate limit are dropped without a reply.
     * Messages on one connection are handled in order, so the reply also says every frame sent before it
     * has been handled.
     */
    JsonNode requestUntilAnswered(String message, String id) throws IOException, InterruptedException {
        CompletableFuture<JsonNode> reply = replies.computeIfAbsent(id, key -> new CompletableFuture<>());
        for (int attempt = 0; attempt < 20; attempt++) {
            sendText(message);
            try {
                return reply.get(250, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // dropped by the rate limit: try again once the bucket has refilled a little
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }
        throw new AssertionError("no reply to " + message + " within 5 s");
    }

    /** Frames sent by {@link #flood}. */
    long sent() {
        return sent;
    }

    /** Seconds since the connection opened: bounds how many frames the rate limit could have let through. */
    double secondsOpen() {
        return (System.nanoTime() - openedNanos) / 1e9;
    }

    long errors(String code) {
        LongAdder count = errorsByCode.get(code);
        return count == null ? 0 : count.sum();
    }

    /** The close status the server sent, waiting at most {@code timeout}. */
    int awaitCloseStatus(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return closeStatus.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void await(CompletableFuture<WebSocket> send) throws IOException, InterruptedException {
        try {
            send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("send failed", e);
        }
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder fragments = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            fragments.append(data);
            if (last) {
                dispatch(fragments.toString());
                fragments.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(String text) {
            JsonNode message;
            try {
                message = JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("the server sent invalid JSON: " + text, e);
            }
            if ("error".equals(message.path("type").asText())) {
                errorsByCode.computeIfAbsent(message.path("code").asText(), code -> new LongAdder()).increment();
            }
            JsonNode id = message.get("id");
            if (id != null && !id.isNull()) {
                replies.computeIfAbsent(id.asText(), key -> new CompletableFuture<>()).complete(message);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeStatus.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeStatus.completeExceptionally(error);
        }
    }
}
