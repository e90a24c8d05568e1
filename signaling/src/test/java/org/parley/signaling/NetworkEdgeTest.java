package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.parley.signaling.auth.AdminKey;
import org.parley.signaling.auth.TokenSigner;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SipConfig;
import org.parley.signaling.config.StoreConfig;
import org.parley.signaling.http.OriginPolicy;
import org.parley.signaling.http.PublicAddress;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.provisioning.InvitationHolders;
import org.parley.signaling.provisioning.MeetingProvisioning;
import org.parley.signaling.provisioning.ProvisioningApiHandler;
import org.parley.signaling.store.ParleyStore;
import org.parley.signaling.tls.SelfSignedCertificate;

/**
 * The network edge: the WebSocket's {@code Origin} check with a real HTTP client, the generated API key
 * kept out of the log, the store's and the trial certificate's file permissions, and internal failures
 * answered without their exception text.
 */
class NetworkEdgeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static ParleyServer start(List<String> allowedOrigins) throws Exception {
        return ParleyServer.start(ParleyConfig.defaults()
                .withHttp(new HttpConfig("127.0.0.1", 0).withAllowedOrigins(allowedOrigins))
                .withSip(new SipConfig(false, "127.0.0.1", 0))
                .withStore(new StoreConfig(TestServers.freshDataDirectory())), MediaServerFactory.disabled());
    }

    /** Opens the WebSocket with {@code origin} (null: none); returns the handshake's refusal status, or 101. */
    private static int upgrade(ParleyServer server, String origin) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(TIMEOUT);
            if (origin != null) {
                builder.header("Origin", origin);
            }
            try {
                WebSocket socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"),
                        new WebSocket.Listener() { }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                socket.abort();
                return 101;
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    return refused.getResponse().statusCode();
                }
                throw e;
            }
        }
    }

    private static double refusals(ParleyServer server) {
        return server.meterRegistry().get("parley.ws.origin.refused").counter().count();
    }

    @Test
    void aForeignOriginIsRefusedWith403AndTheServersOwnOriginIsAccepted() throws Exception {
        try (ParleyServer server = start(List.of())) {
            String own = "http://127.0.0.1:" + server.httpPort();
            assertEquals(101, upgrade(server, own), "same origin");
            assertEquals(101, upgrade(server, own.toUpperCase()), "origins compare case-insensitively");
            assertEquals(101, upgrade(server, null), "no Origin: not a browser (SIP gateways, tools)");
            assertEquals(0, refusals(server));

            assertEquals(403, upgrade(server, "https://evil.example"));
            assertEquals(403, upgrade(server, "http://127.0.0.1:1"), "another port is another origin");
            assertEquals(403, upgrade(server, "null"), "a sandboxed page's opaque origin");
            assertEquals(3, refusals(server));
        }
    }

    @Test
    void listedOriginsAreAllowedBesidesTheServersOwn() throws Exception {
        try (ParleyServer server = start(List.of("https://app.example.org"))) {
            assertEquals(101, upgrade(server, "https://app.example.org"));
            assertEquals(101, upgrade(server, "https://app.example.org:443"), "the default port is the same origin");
            assertEquals(101, upgrade(server, "http://127.0.0.1:" + server.httpPort()));
            assertEquals(403, upgrade(server, "http://app.example.org"), "another scheme is another origin");
            assertEquals(1, refusals(server));
        }
    }

    @Test
    void theGeneratedApiKeyIsNeverLogged() throws Exception {
        String key;
        String log;
        try (LogCapture capture = new LogCapture(); ParleyServer server = start(List.of())) {
            key = server.adminKey();
            log = capture.text();
        }
        assertTrue(log.contains("a provisioning API key was generated"), log);
        assertFalse(log.contains(key), "the key is in the log: " + log);
    }

    @Test
    void theDataDirectoryAndTheStoreAreTheServersAlone() throws Exception {
        Path parent = Files.createTempDirectory("parley-perm-");
        Path data = parent.resolve("data");
        try (ParleyStore store = ParleyStore.open(data)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
            Path file = data.resolve("parley.mv.db");
            assertTrue(Files.exists(file));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        // A directory of an older version, world-readable, is tightened at the next start.
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("parley.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (ParleyStore store = ParleyStore.open(data)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(data.resolve("parley.mv.db"))));
        }

        Path tls = data.resolve("tls");
        Path[] pair = SelfSignedCertificate.ensure(tls, "parley.example.org", Instant.now());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pair[1])));
    }

    @Test
    void anInternalFailureIsAnsweredWithAReferenceNotTheExceptionText() throws Exception {
        Path data = TestServers.freshDataDirectory();
        ParleyStore store = ParleyStore.open(data);
        Clock clock = Clock.systemUTC();
        MeetingRegistry registry = new MeetingRegistry(List.of(), ListenerTiers.of(ParleyConfig.defaults().mixer().tiers()));
        MeetingProvisioning provisioning = new MeetingProvisioning(store, registry, new TokenSigner(new byte[32]),
                new InvitationHolders(clock), clock, new SecureRandom());
        AdminKey key = new AdminKey("0123456789abcdef0123");
        store.close(); // every store call fails from now on: an internal failure, not the client's
        PublicAddress address = new PublicAddress(Optional.empty(), false);
        EmbeddedChannel channel = new EmbeddedChannel(ProvisioningApiHandler.create(new ObjectMapper(), key, provisioning,
                null, store, new OriginPolicy(List.of(), address), address, new SecureRandom(), clock,
                new SimpleMeterRegistry()));
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/meetings",
                io.netty.buffer.Unpooled.copiedBuffer("{\"title\": \"T\", \"languages\": [\"en\"], \"floorLanguage\": \"en\"}",
                        StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + key.value())
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.HOST, "127.0.0.1");

        String body;
        String log;
        try (LogCapture capture = new LogCapture()) {
            channel.writeInbound(request);
            FullHttpResponse response = channel.readOutbound();
            assertNotNull(response);
            assertEquals(500, response.status().code());
            body = response.content().toString(StandardCharsets.UTF_8);
            response.release();
            log = capture.text();
        } finally {
            channel.finishAndReleaseAll();
        }
        Matcher reference = Pattern.compile("internal error \\(reference ([0-9a-f]{16})\\)").matcher(body);
        assertTrue(reference.find(), body);
        for (String leak : List.of("Exception", "SQL", "closed", "h2", data.toString())) {
            assertFalse(body.toLowerCase().contains(leak.toLowerCase()), "the reply carries \"" + leak + "\": " + body);
        }
        assertTrue(log.contains("[reference " + reference.group(1) + "]"), "the log line has the reference: " + log);
    }
}
