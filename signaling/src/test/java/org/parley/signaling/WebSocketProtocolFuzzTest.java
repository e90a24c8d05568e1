package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.parley.media.MediaConfig;
import org.parley.signaling.config.AuthConfig;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.MixerConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.config.SipConfig;
import org.parley.signaling.config.StoreConfig;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.MessageType;

/**
 * Coverage-guided fuzzing of the WebSocket protocol (PROTOCOL.md) as stateful sequences: each input drives
 * one or two real WebSocket connections to one in-process server with its media core (started once per JVM,
 * reused by every input) through joins (open meeting, each role's token, a revoked, a tampered or a
 * garbage token), offers (real Chrome offers, mutated ones, garbage), subscribe/switch/subscribeChannel,
 * the booth and floor actions, pings, leaves, garbage JSON, oversized, fragmented and binary frames, in
 * the order the input says.
 *
 * <p>The contract: every message the server sends is a JSON object with a textual {@code type}, and an
 * {@code error} carries a code of {@link ErrorCode} and a message; every request gets exactly one reply
 * with its id while the connection is open; a connection ends only with a close frame; after the input's
 * connections close, the meeting registry is back at its participant count from before (a bounded wait,
 * leaving runs on the event loops), and a fresh client can still join.
 *
 * <p>The input is read front to back by {@link Input}: one byte picks an action, the bytes after it its
 * arguments, so that the seeds under {@code src/test/resources} can be written by hand. {@code endMeeting}
 * is left out: an ended meeting stays ended, and every later input would only hear {@code MEETING_ENDED}.
 */
class WebSocketProtocolFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] TOKEN_KEY = "a fuzz test key of 32 bytes!!!!!".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> ERROR_CODES = Arrays.stream(ErrorCode.values()).map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());
    /** The client message types the fuzzer may send as "any type" (everything but endMeeting, see above). */
    private static final List<String> TYPES = Arrays.stream(MessageType.values())
            .filter(type -> type != MessageType.END_MEETING).map(MessageType::wireName).toList();
    private static final List<String> ROLES = List.of("chair", "operator", "interpreter", "delegate", "observer",
            "room-system", "captioner");
    private static final List<String> WORDS = List.of("0", "1", "2", "3", "en", "fr", "de", "floor", "mixed", "raw",
            "standard", "low", "", "x/0", "channel/x/fr/mixed/standard");
    private static final int MAX_ACTIONS = 40;
    /** Only guards against a hung server; a reply normally takes well under a millisecond. */
    private static final long REPLY_SECONDS = 10;
    private static final long SETTLE_MILLIS = 5_000;
    /** {@code -Dparley.fuzz.trace=true}: print every frame sent and received, to read what an input does. */
    private static final boolean TRACE = Boolean.getBoolean("parley.fuzz.trace");

    private static ParleyServer server;
    private static HttpClient http;
    private static String meetingId;
    /** Tokens by role, in {@link #ROLES} order, then a second interpreter (a booth partner) and a revoked one. */
    private static final List<String> TOKENS = new ArrayList<>();
    private static String publishOffer;
    private static String receiveOffer;
    private static int baseline;

    static {
        // Jazzer's SSRF detector reports every connection a fuzz test opens; ours all go to the loopback server
        // this class starts. (BugDetectors.allowNetworkConnections did not take effect for the JDK client's
        // connections in 0.30.0.) Read when the agent attaches, which is after this class is initialised.
        System.setProperty("jazzer.disabled_hooks", "com.code_intelligence.jazzer.sanitizers.ServerSideRequestForgery");
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = ParleyServer.start(ParleyConfig.defaults()
                .withHttp(new HttpConfig("127.0.0.1", 0))
                .withSip(new SipConfig(true, "127.0.0.1", 0))
                .withMedia(MediaConfig.udpOnly("127.0.0.1", "127.0.0.1", 0))
                .withStore(new StoreConfig(Files.createTempDirectory("parley-ws-fuzz-store")))
                .withMixer(MixerConfig.DEFAULTS)
                .withAuth(new AuthConfig(Optional.of(Base64.getEncoder().encodeToString(TOKEN_KEY))))
                // The rate limits would turn most of a fast sequence into silent drops or refused joins (every
                // input joins from 127.0.0.1); they have their own tests.
                .withLimits(new SignalingLimits(1e9, 1_000_000_000).withConnections(
                        new SignalingLimits.ConnectionLimits(30, 30, 10_000, 1e9, 1_000_000_000))));
        http = HttpClient.newHttpClient();
        ApiClient api = new ApiClient(http, server.httpPort(), server.adminKey());
        meetingId = api.createMeeting("""
                {"title": "Fuzz", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
                """);
        for (String role : ROLES) {
            String booth = role.equals("interpreter") ? ", \"booth\": \"fr\"" : "";
            TOKENS.add(api.invite(meetingId, "{\"role\": \"" + role + "\"" + booth + ", \"name\": \"F " + role + "\"}")
                    .get("token").asText());
        }
        TOKENS.add(api.invite(meetingId, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Partner\"}")
                .get("token").asText());
        JsonNode revoked = api.invite(meetingId, "{\"role\": \"delegate\", \"name\": \"Gone\"}");
        assertEquals(204, api.delete("/api/meetings/" + meetingId + "/invitations/"
                + revoked.get("invitationId").asText()).status());
        TOKENS.add(revoked.get("token").asText());
        publishOffer = ChromeOffers.publishAndThreeSubscribes();
        receiveOffer = ChromeOffers.fourSubscribes();
        baseline = server.meetings().participantCount();
    }

    @AfterAll
    static void stopServer() {
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void sequences(byte[] bytes) throws Exception {
        Input in = new Input(bytes);
        Client[] clients = {Client.connect(), null};
        Session session = new Session();
        try {
            for (int action = 0; action < MAX_ACTIONS && in.remaining(); action++) {
                int slot = in.pick(4) == 3 ? 1 : 0;
                if (clients[slot] == null || clients[slot].closedByServer()) {
                    if (clients[slot] != null) {
                        clients[slot].checkViolation();
                    }
                    clients[slot] = Client.connect();
                }
                act(in, clients[slot], session);
            }
            for (Client client : clients) {
                if (client != null && !client.aborted) {
                    client.closeAndAwait();
                }
            }
        } finally {
            for (Client client : clients) {
                if (client != null) {
                    client.abort();
                }
            }
        }
        awaitBaseline("after the input's connections closed");
        assertFreshClientJoins();
    }

    /** What the replies told us so far: ids the fuzzer can name in later actions. */
    private static final class Session {
        final List<String> producers = new ArrayList<>();
        final List<String> participants = new ArrayList<>();

        void learn(JsonNode message) {
            message.findValues("producerId").forEach(id -> remember(producers, id.asText()));
            message.findValues("participantId").forEach(id -> remember(participants, id.asText()));
            JsonNode produced = message.get("producers");
            if (produced != null && produced.isArray()) {
                produced.forEach(id -> {
                    if (id.isTextual()) {
                        remember(producers, id.asText());
                    }
                });
            }
        }

        private static void remember(List<String> ids, String id) {
            if (!ids.contains(id) && ids.size() < 32) {
                ids.add(id);
            }
        }

        String producer(Input in) {
            return producers.isEmpty() || in.pick(5) == 0 ? in.word() : producers.get(in.pick(producers.size()));
        }

        String participant(Input in) {
            return participants.isEmpty() || in.pick(5) == 0 ? in.word() : participants.get(in.pick(participants.size()));
        }
    }

    private static void act(Input in, Client client, Session session) throws Exception {
        int kind = in.pick(16);
        ObjectNode message = JSON.createObjectNode();
        switch (kind) {
            case 0 -> { // join
                message.put("type", "join");
                int how = in.pick(TOKENS.size() + 3);
                if (how < TOKENS.size()) {
                    message.put("token", TOKENS.get(how));
                } else if (how == TOKENS.size()) {
                    message.put("meeting", in.pick(3) == 0 ? meetingId : "demo").put("name", "Fuzz " + in.pick(256));
                } else if (how == TOKENS.size() + 1) { // a valid token with one character changed
                    StringBuilder token = new StringBuilder(TOKENS.get(in.pick(TOKENS.size())));
                    token.setCharAt(in.pick(token.length()), (char) (' ' + in.pick(95)));
                    message.put("token", token.toString());
                } else {
                    message.put("token", in.text());
                }
                if (in.pick(4) == 0) {
                    message.put("meeting", in.pick(2) == 0 ? meetingId : in.word());
                }
                if (in.pick(4) == 0) {
                    message.put("name", in.text());
                }
            }
            case 1 -> message.put("type", "offer").put("sdp", offer(in));
            case 2 -> message.put("type", in.pick(2) == 0 ? "subscribe" : "switch")
                    .put("mid", in.word()).put("producerId", session.producer(in));
            case 3 -> message.put("type", "subscribeChannel").put("mid", in.word())
                    .put("language", in.word()).put("variant", in.word()).put("tier", in.word());
            case 4 -> message.put("type", "unsubscribe").put("mid", in.word());
            case 5 -> message.put("type", in.pick(2) == 0 ? "micOn" : "micOff");
            case 6 -> message.put("type", "cough").put("held", in.pick(2) == 0);
            case 7 -> message.put("type", "raiseHand").put("raised", in.pick(2) == 0);
            case 8 -> message.put("type", "ping");
            case 9 -> message.put("type", "leave");
            case 10 -> { // any type, with fields from a small pool
                message.put("type", TYPES.get(in.pick(TYPES.size())));
                for (int fields = in.pick(4); fields > 0; fields--) {
                    String field = List.of("participantId", "language", "text", "final", "source", "channel", "mid",
                            "raised", "held", "producerId").get(in.pick(10));
                    switch (in.pick(4)) {
                        case 0 -> message.put(field, session.participant(in));
                        case 1 -> message.put(field, in.word());
                        case 2 -> message.put(field, in.pick(2) == 0);
                        default -> message.put(field, in.pick(256) - 128);
                    }
                }
            }
            case 11 -> { // arbitrary text, most often not JSON
                barrier(client, session, in.text());
                return;
            }
            case 12 -> { // a binary frame: BAD_MESSAGE
                if (client.sendBinary(in.text().getBytes(StandardCharsets.UTF_8))) {
                    awaitError(client, session, "BAD_MESSAGE");
                }
                return;
            }
            case 13 -> { // over the 64 KiB limit: MESSAGE_TOO_LARGE, then a close frame
                String big = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(65_536 + in.pick(256)) + "\"}";
                if (client.send(big, in.pick(2) == 0)) {
                    client.awaitServerClose("a message over the size limit");
                }
                return;
            }
            case 14 -> { // a valid message in fragments (RFC 6455 §5.4)
                String text = "{\"type\":\"ping\",\"id\":" + client.nextId() + "}";
                int cut = in.pick(text.length());
                if (client.sendFragments(text.substring(0, cut), text.substring(cut))) {
                    client.awaitReply(client.lastId(), session);
                }
                return;
            }
            default -> { // the client goes away without a word (not even a close frame)
                client.checkViolation();
                client.abort();
                return;
            }
        }
        if (in.pick(8) != 0) {
            message.put("id", client.nextId());
            if (client.send(message.toString(), true)) {
                client.awaitReply(client.lastId(), session);
            }
        } else {
            barrier(client, session, message.toString());
        }
    }

    /** A real offer, one that only receives, one of them mutated at a few places, or text from the input. */
    private static String offer(Input in) {
        String sdp = switch (in.pick(4)) {
            case 0 -> publishOffer;
            case 1 -> receiveOffer;
            case 2 -> in.text();
            default -> publishOffer.replace("a=sendonly", "a=sendrecv");
        };
        for (int mutations = in.pick(4); mutations > 0 && !sdp.isEmpty(); mutations--) {
            int at = in.pick(sdp.length());
            int end = Math.min(sdp.length(), at + in.pick(64));
            sdp = switch (in.pick(3)) {
                case 0 -> sdp.substring(0, at) + sdp.substring(end); // a cut
                case 1 -> sdp.substring(0, at) + in.text() + sdp.substring(at); // an insertion
                default -> sdp.substring(0, at) + sdp.substring(at, end) + sdp.substring(at); // a repeat
            };
        }
        return sdp;
    }

    /** Sends {@code text} (which may have no id, or not parse), then a ping: its pong proves what came before was read. */
    private static void barrier(Client client, Session session, String text) throws Exception {
        if (client.send(text, true)) {
            long id = client.nextId();
            if (client.send("{\"type\":\"ping\",\"id\":" + id + "}", true)) {
                client.awaitReply(id, session);
            }
        }
    }

    private static void awaitError(Client client, Session session, String code) throws Exception {
        long id = client.nextId();
        if (client.send("{\"type\":\"ping\",\"id\":" + id + "}", true)) {
            client.awaitReply(id, session);
            assertTrue(client.errorCodes.contains(code), "no " + code + " among " + client.errorCodes);
        }
    }

    private static void awaitBaseline(String when) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        int count = server.meetings().participantCount();
        while (count != baseline && System.nanoTime() < deadline) {
            Thread.sleep(1);
            count = server.meetings().participantCount();
        }
        assertEquals(baseline, count, "participants left in the registry " + when);
    }

    private static void assertFreshClientJoins() throws Exception {
        Client fresh = Client.connect();
        try {
            long id = fresh.nextId();
            assertTrue(fresh.send("{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"Fresh\",\"id\":" + id + "}", true),
                    "a fresh connection was closed before its join");
            JsonNode joined = fresh.awaitReply(id, new Session());
            assertNotNull(joined, "a fresh client's connection was closed before its join was answered");
            assertEquals("joined", joined.path("type").asText(), "a fresh client cannot join: " + joined);
            fresh.closeAndAwait();
        } finally {
            fresh.abort();
        }
        awaitBaseline("after the fresh client left");
    }

    /** Reads the input front to back; past its end every pick is 0 and every text empty. */
    private static final class Input {
        private final byte[] bytes;
        private int at;

        Input(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean remaining() {
            return at < bytes.length;
        }

        int pick(int n) {
            if (n <= 1 || at >= bytes.length) {
                return 0;
            }
            int value = bytes[at++] & 0xff;
            if (n > 256 && at < bytes.length) {
                value = value << 8 | bytes[at++] & 0xff;
            }
            return value % n;
        }

        /** A length byte, then that many bytes as UTF-8 (malformed sequences become U+FFFD). */
        String text() {
            int length = Math.min(pick(256), bytes.length - at);
            String text = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return text;
        }

        String word() {
            int which = pick(WORDS.size() + 1);
            return which < WORDS.size() ? WORDS.get(which) : text();
        }
    }

    /** One WebSocket connection (the JDK's client), checking every message the server sends. */
    private static final class Client implements WebSocket.Listener {
        private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> serverClose = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        final List<String> errorCodes = new CopyOnWriteArrayList<>();
        private volatile AssertionError violation;
        private volatile boolean aborted;
        private WebSocket webSocket;
        private long ids;

        static Client connect() {
            Client client = new Client();
            client.webSocket = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"), client)
                    .orTimeout(REPLY_SECONDS, TimeUnit.SECONDS).join();
            return client;
        }

        long nextId() {
            return ++ids;
        }

        long lastId() {
            return ids;
        }

        boolean closedByServer() {
            return serverClose.isDone() || aborted;
        }

        /** Sends a text message; false when the server had closed the connection (with a close frame). */
        boolean send(String text, boolean whole) {
            if (!whole) {
                return sendFragments(text.substring(0, text.length() / 2), text.substring(text.length() / 2));
            }
            return sendFragments(text);
        }

        boolean sendFragments(String... fragments) {
            try {
                for (int i = 0; i < fragments.length; i++) {
                    if (TRACE) {
                        System.err.println(this + " → " + fragments[i].substring(0, Math.min(300, fragments[i].length())));
                    }
                    if (closedByServer()) {
                        return false;
                    }
                    webSocket.sendText(fragments[i], i == fragments.length - 1).get(REPLY_SECONDS, TimeUnit.SECONDS);
                }
                return true;
            } catch (Exception e) {
                return sentIntoAClose(e);
            }
        }

        boolean sendBinary(byte[] bytes) {
            try {
                if (closedByServer()) {
                    return false;
                }
                webSocket.sendBinary(ByteBuffer.wrap(bytes), true).get(REPLY_SECONDS, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return sentIntoAClose(e);
            }
        }

        /** A send may race the server's close frame; anything else is a broken connection. */
        private boolean sentIntoAClose(Exception e) {
            try {
                serverClose.get(REPLY_SECONDS, TimeUnit.SECONDS);
                return false;
            } catch (Exception closed) {
                throw new AssertionError("a send failed and the server sent no close frame", e);
            }
        }

        /** The one reply to request {@code id}; every message before it is checked and learnt from. */
        JsonNode awaitReply(long id, Session session) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REPLY_SECONDS);
            while (System.nanoTime() < deadline) {
                checkViolation();
                JsonNode message = messages.poll(1, TimeUnit.MILLISECONDS);
                if (message == null) {
                    if (serverClose.isDone() && messages.isEmpty()) {
                        return null; // closed with a close frame before replying: allowed
                    }
                    continue;
                }
                session.learn(message);
                if (message.has("id") && message.get("id").asLong() == id) {
                    return message;
                }
            }
            throw new AssertionError("no reply to request " + id + " within " + REPLY_SECONDS + " s");
        }

        void awaitServerClose(String why) {
            try {
                serverClose.get(REPLY_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("no close frame from the server after " + why, e);
            }
            checkViolation();
        }

        /** Sends a close frame (unless the server closed first) and waits for the server's. */
        void closeAndAwait() {
            if (!closedByServer()) {
                try {
                    webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(REPLY_SECONDS, TimeUnit.SECONDS);
                } catch (Exception e) {
                    sentIntoAClose(e);
                }
                awaitServerClose("the client's close frame");
            }
            checkViolation();
        }

        void abort() {
            aborted = true;
            webSocket.abort();
        }

        private void checkViolation() {
            if (violation != null) {
                throw violation;
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (TRACE) {
                    System.err.println(this + " ← " + text.substring(0, Math.min(300, text.length())));
                }
                try {
                    JsonNode message = JSON.readTree(text);
                    check(message, text);
                    messages.add(message);
                } catch (IOException | AssertionError e) {
                    violation = new AssertionError("a malformed message from the server: " + text, e);
                }
            }
            ws.request(1);
            return null;
        }

        private void check(JsonNode message, String text) {
            assertTrue(message != null && message.isObject() && message.path("type").isTextual(), "not an object with a type");
            if (message.get("type").asText().equals("error")) {
                String code = message.path("code").asText();
                assertTrue(ERROR_CODES.contains(code), "an unknown error code " + code);
                assertTrue(message.path("message").isTextual() && !message.get("message").asText().isEmpty(),
                        "an error without a message");
                errorCodes.add(code);
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            violation = new AssertionError("a binary message from the server");
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (TRACE) {
                System.err.println(this + " ← close " + statusCode + " " + reason);
            }
            serverClose.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (!aborted && violation == null) {
                violation = new AssertionError("the connection broke without a close frame", error);
            }
            serverClose.completeExceptionally(error);
        }
    }
}
