package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SipConfig;
import org.parley.signaling.config.StoreConfig;
import org.parley.signaling.config.TlsConfig;
import org.parley.signaling.http.StrictTransportSecurity;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.tls.CertificateKeyPair;
import org.parley.signaling.tls.SelfSignedCertificate;
import org.parley.signaling.tls.TestCertificates;

/**
 * The HTTP port over TLS, end to end with the JDK's HTTP, WebSocket and TLS clients on loopback:
 * pages and WSS signaling, HSTS, certificate renewal without restart, the redirect port, and the
 * addresses in join links.
 */
@Timeout(60)
class HttpsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private ParleyServer start(HttpConfig http) throws Exception {
        return ParleyServer.start(ParleyConfig.defaults()
                .withHttp(http)
                .withSip(new SipConfig(false, "127.0.0.1", 0))
                .withStore(new StoreConfig(Files.createDirectories(dir.resolve("store")))), MediaServerFactory.disabled());
    }

    /** An EC certificate for parley.test and 127.0.0.1, in PEM files under the test's directory. */
    private TestCertificates.PemPair certificate() throws Exception {
        return TestCertificates.write(dir, "server", SelfSignedCertificate.KeyType.EC, "parley.test", "127.0.0.1");
    }

    /** A server on HTTPS alone, on a free loopback port, with {@code pair}. */
    private ParleyServer startTls(TestCertificates.PemPair pair) throws Exception {
        return start(new HttpConfig("127.0.0.1", 0).withTls(new TlsConfig.PemFiles(pair.certificate(), pair.privateKey())));
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Over https an account's session cookie is {@code Secure}: a browser never sends it over plain http. */
    @Test
    void theSessionCookieIsSecureOverTls() throws Exception {
        TestCertificates.PemPair pair = certificate();
        try (ParleyServer server = startTls(pair);
             HttpClient https = HttpClient.newBuilder().sslContext(pair.trustingIt()).build()) {
            String root = "https://127.0.0.1:" + server.httpPort();
            HttpResponse<String> created = https.send(HttpRequest.newBuilder(URI.create(root + "/api/accounts"))
                    .header("Authorization", "Bearer " + server.adminKey())
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\": \"ana\", \"role\": \"organiser\", \"password\": \"a long enough password\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(root + "/api/session"))
                    .header("Origin", root)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"account\": \"ana\", \"password\": \"a long enough password\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String cookie = login.headers().firstValue("set-cookie").orElseThrow();
            assertTrue(cookie.matches("parley_session=[A-Za-z0-9_-]{43}; Path=/api; Secure; HTTPOnly; SameSite=Strict"), cookie);
        }
    }

    @Test
    void pagesAndSignalingGoOverTlsWithHstsAndPlainHttpHasNoHsts() throws Exception {
        TestCertificates.PemPair pair = certificate();
        try (ParleyServer server = startTls(pair);
             HttpClient https = HttpClient.newBuilder().sslContext(pair.trustingIt()).build()) {
            String root = "https://127.0.0.1:" + server.httpPort();
            assertEquals(root, server.siteRoot().replace("parley.test", "127.0.0.1"), "the banner names the certificate's host");

            HttpResponse<String> health = get(https, root + "/health");
            assertEquals(200, health.statusCode());
            assertEquals(Optional.of(StrictTransportSecurity.VALUE), health.headers().firstValue(StrictTransportSecurity.HEADER));
            HttpResponse<String> page = get(https, root + "/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script"), page.body());
            assertEquals(Optional.of(StrictTransportSecurity.VALUE), page.headers().firstValue(StrictTransportSecurity.HEADER));

            String metrics = get(https, root + "/metrics").body();
            assertTrue(metrics.contains("parley_tls_certificate_expiry_timestamp_seconds "
                    + (double) (pair.pair().chain().getFirst().getNotAfter().getTime() / 1000)), metrics);
            assertTrue(metrics.contains("parley_tls_reloads_total{result=\"ok\"} 0.0"), metrics);

            try (SignalingClient signaling = SignalingClient.connect(URI.create("wss://127.0.0.1:" + server.httpPort() + "/ws"),
                    pair.trustingIt())) {
                JsonNode joined = signaling.join("demo", "Ada");
                assertEquals("joined", joined.get("type").asText(), joined.toString());
            }
            assertTrue(server.insecureWarning().isEmpty());
        }
        try (ParleyServer plain = start(new HttpConfig("127.0.0.1", 0));
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> health = get(http, "http://127.0.0.1:" + plain.httpPort() + "/health");
            assertEquals(200, health.statusCode());
            assertEquals(Optional.empty(), health.headers().firstValue(StrictTransportSecurity.HEADER));
            assertTrue(plain.insecureWarning().isEmpty(), "a loopback bind is not reachable from other machines");
        }
    }

    @Test
    void aRenewedCertificateIsServedToNewConnectionsWithoutRestart() throws Exception {
        Path certificate = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        CertificateKeyPair first = newPair();
        SelfSignedCertificate.write(first, certificate, key);
        try (ParleyServer server = start(new HttpConfig("127.0.0.1", 0).withTls(new TlsConfig.PemFiles(certificate, key)))) {
            int port = server.httpPort();
            assertEquals(first.spkiSha256(), servedSpki(port));

            CertificateKeyPair renewed = newPair();
            SelfSignedCertificate.write(renewed, certificate, key);
            awaitServed(port, renewed.spkiSha256());
            assertEquals(1, server.tls().orElseThrow().reloads());

            // A broken renewal (half-written certificate, then a key of another pair): logged, the renewed one stays.
            Files.writeString(certificate, "-----BEGIN CERTIFICATE-----\nMIIB\n");
            awaitCondition(port, () -> server.tls().orElseThrow().failedReloads() >= 1);
            CertificateKeyPair third = newPair();
            SelfSignedCertificate.write(third, certificate, dir.resolve("unrelated-key.pem"));
            SelfSignedCertificate.write(newPair(), dir.resolve("unrelated.pem"), key);
            awaitCondition(port, () -> server.tls().orElseThrow().failedReloads() >= 2);
            assertEquals(renewed.spkiSha256(), servedSpki(port), "the last good certificate is still served");

            // The operator puts a good pair back: served again.
            SelfSignedCertificate.write(third, certificate, key);
            awaitServed(port, third.spkiSha256());
            assertEquals(2, server.tls().orElseThrow().reloads());
            assertEquals(2, server.meterRegistry().get("parley.tls.reloads").tag("result", "ok").functionCounter().count());
            assertTrue(server.meterRegistry().get("parley.tls.reloads").tag("result", "failed").functionCounter().count() >= 2);
            assertEquals(third.chain().getFirst().getNotAfter().getTime() / 1000.0,
                    server.meterRegistry().get("parley.tls.certificate.expiry.timestamp").gauge().value());
        }
    }

    @Test
    void theRedirectPortSendsEveryRequestToHttps() throws Exception {
        TestCertificates.PemPair pair = TestCertificates.write(dir, "server", SelfSignedCertificate.KeyType.EC, "parley.test");
        try (ParleyServer server = start(new HttpConfig("127.0.0.1", 0)
                .withTls(new TlsConfig.PemFiles(pair.certificate(), pair.privateKey())).withRedirectPort(0))) {
            int redirect = server.redirectPort();
            assertNotEquals(-1, redirect);

            List<String> get = plainRequest(redirect, "GET /?token=abc.def HTTP/1.1\r\nHost: parley.test:" + redirect + "\r\n\r\n");
            assertEquals("HTTP/1.1 301 Moved Permanently", get.getFirst());
            assertTrue(get.contains("location: https://parley.test:" + server.httpPort() + "/?token=abc.def"), get.toString());
            assertFalse(get.stream().anyMatch(line -> line.startsWith("strict-transport-security")),
                    "HSTS only over TLS (RFC 6797 §7.2)");

            List<String> post = plainRequest(redirect, "POST /api/meetings HTTP/1.1\r\nHost: parley.test\r\n"
                    + "Content-Length: 2\r\n\r\n{}");
            assertEquals("HTTP/1.1 308 Permanent Redirect", post.getFirst());
            assertTrue(post.contains("location: https://parley.test:" + server.httpPort() + "/api/meetings"), post.toString());

            List<String> noHost = plainRequest(redirect, "GET / HTTP/1.0\r\n\r\n");
            assertEquals("HTTP/1.0 400 Bad Request", noHost.getFirst());
            List<String> badHost = plainRequest(redirect, "GET / HTTP/1.1\r\nHost: evil.test/x?\r\n\r\n");
            assertEquals("HTTP/1.1 400 Bad Request", badHost.getFirst());
        }
        // With a public URL, redirects go there whatever Host the request named.
        try (ParleyServer server = start(new HttpConfig("127.0.0.1", 0)
                .withTls(new TlsConfig.PemFiles(pair.certificate(), pair.privateKey())).withRedirectPort(0)
                .withPublicUrl(URI.create("https://parley.example.org")))) {
            List<String> get = plainRequest(server.redirectPort(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertEquals("HTTP/1.1 301 Moved Permanently", get.getFirst());
            assertTrue(get.contains("location: https://parley.example.org/health"), get.toString());
        }
    }

    @Test
    void joinLinksUseThePublicUrlElseTheSchemeAndHostReached() throws Exception {
        String meeting = "{\"title\": \"Council\", \"languages\": [\"en\", \"fr\"], \"floorLanguage\": \"en\"}";
        String invitation = "{\"role\": \"delegate\", \"name\": \"Ada\"}";
        try (ParleyServer server = start(new HttpConfig("127.0.0.1", 0).withPublicUrl(URI.create("https://parley.example.org/")));
             HttpClient http = HttpClient.newHttpClient()) {
            ApiClient api = new ApiClient(http, server.httpPort(), server.adminKey());
            String id = api.post("/api/meetings", meeting).body().get("id").asText();
            String joinUrl = api.post("/api/meetings/" + id + "/invitations", invitation).body().get("joinUrl").asText();
            assertTrue(joinUrl.startsWith("https://parley.example.org/?token="), joinUrl);
            assertEquals("https://parley.example.org", server.siteRoot());
        }
        TestCertificates.PemPair pair = TestCertificates.write(dir, "server", SelfSignedCertificate.KeyType.RSA, "127.0.0.1");
        try (ParleyServer server = start(new HttpConfig("127.0.0.1", 0)
                .withTls(new TlsConfig.PemFiles(pair.certificate(), pair.privateKey())));
             HttpClient https = HttpClient.newBuilder().sslContext(pair.trustingIt()).build()) {
            String root = "https://127.0.0.1:" + server.httpPort();
            HttpResponse<String> created = https.send(HttpRequest.newBuilder(URI.create(root + "/api/meetings"))
                    .header("Authorization", "Bearer " + server.adminKey()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(meeting)).build(), HttpResponse.BodyHandlers.ofString());
            String id = ApiClient.JSON.readTree(created.body()).get("id").asText();
            HttpResponse<String> invited = https.send(HttpRequest.newBuilder(URI.create(root + "/api/meetings/" + id + "/invitations"))
                    .header("Authorization", "Bearer " + server.adminKey()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(invitation)).build(), HttpResponse.BodyHandlers.ofString());
            String joinUrl = ApiClient.JSON.readTree(invited.body()).get("joinUrl").asText();
            assertTrue(joinUrl.startsWith(root + "/?token="), "https without a public URL: " + joinUrl);
        }
    }

    @Test
    void selfSignedMakesACertificateForTheHostAndKeepsItAcrossRestarts() throws Exception {
        String spki;
        try (ParleyServer server = start(new HttpConfig("127.0.0.1", 0).withTls(new TlsConfig.SelfSigned("parley.test")))) {
            X509Certificate served = server.tls().orElseThrow().current().chain().getFirst();
            assertEquals(List.of("parley.test"), SelfSignedCertificate.names(served));
            spki = servedSpki(server.httpPort());
            assertEquals(server.tls().orElseThrow().current().spkiSha256(), spki);
            assertEquals("https://parley.test:" + server.httpPort(), server.siteRoot());
        }
        try (ParleyServer again = start(new HttpConfig("127.0.0.1", 0).withTls(new TlsConfig.SelfSigned("parley.test")))) {
            assertEquals(spki, servedSpki(again.httpPort()), "a tester's --ignore-certificate-errors-spki-list stays valid");
        }
    }

    @Test
    void plainHttpReachableFromOtherMachinesIsWarnedAbout() {
        // Only the decision: tests never bind beyond loopback.
        assertTrue(ParleyServer.insecureWarning(new HttpConfig("0.0.0.0", 8080), false).orElseThrow()
                .contains("microphones need HTTPS"));
        assertTrue(ParleyServer.insecureWarning(new HttpConfig("::", 8080), false).isPresent());
        assertTrue(ParleyServer.insecureWarning(new HttpConfig("0.0.0.0", 8080), true).isEmpty());
        assertTrue(ParleyServer.insecureWarning(new HttpConfig("127.0.0.1", 8080), false).isEmpty());
        assertTrue(ParleyServer.insecureWarning(new HttpConfig("::1", 8080), false).isEmpty());
        assertTrue(ParleyServer.insecureWarning(new HttpConfig("0.0.0.0", 8080, Optional.empty(), OptionalInt.empty(),
                Optional.of(URI.create("https://parley.example.org"))), false).isEmpty(), "behind a TLS proxy");
        assertTrue(ParleyServer.insecureWarning(new HttpConfig("0.0.0.0", 8080, Optional.empty(), OptionalInt.empty(),
                Optional.of(URI.create("http://parley.example.org"))), false).isPresent());
    }

    private static CertificateKeyPair newPair() {
        return SelfSignedCertificate.create(List.of("127.0.0.1"), SelfSignedCertificate.KeyType.EC,
                java.time.Instant.now(), Duration.ofDays(1));
    }

    /** Polls with new connections (each may trigger the server's file check) until the certificate is served. */
    private static void awaitServed(int port, String spki) throws Exception {
        awaitCondition(port, () -> {
            try {
                return spki.equals(servedSpki(port));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static void awaitCondition(int port, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            servedSpki(port); // a new connection: the server looks at its files at most once a second
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + WAIT);
    }

    /** The SPKI hash of the certificate a new TLS connection to {@code port} is shown. */
    private static String servedSpki(int port) throws IOException {
        X509Certificate[] seen = new X509Certificate[1];
        TrustManager recorder = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain[0]; // only looked at, never trusted for anything
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recorder}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(5000);
                socket.startHandshake();
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        return CertificateKeyPair.spkiSha256(seen[0]);
    }

    /** Sends {@code request} as is over plain TCP; returns the status line and headers (names lower-cased). */
    private static List<String> plainRequest(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> lines = new java.util.ArrayList<>();
            lines.add(in.readLine());
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                lines.add(line.substring(0, colon).toLowerCase(java.util.Locale.ROOT) + line.substring(colon));
            }
            return lines;
        }
    }
}
