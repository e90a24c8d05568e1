package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SipConfig;
import org.parley.signaling.config.StoreConfig;
import org.parley.signaling.http.StrictTransportSecurity;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.tls.SelfSignedCertificate;
import org.parley.signaling.tls.TestCertificates;

/**
 * The reverse-proxy deployment, with the shipped {@code conf/nginx/parley.conf} in a real nginx
 * (Debian's) on loopback ports: nginx terminates TLS, Parley serves plain HTTP on loopback with
 * {@code http.publicUrl} naming nginx's address. Pages, the API (join links) and WSS signaling go
 * through nginx; its plain port redirects to HTTPS.
 */
@Timeout(60)
class NginxProxyTest {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path SHIPPED_CONF = Path.of("..", "conf", "nginx", "parley.conf");
    private static final String HOST = "parley.test";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void pagesApiAndWssSignalingPassThroughNginx() throws Exception {
        assertTrue(Files.isExecutable(NGINX), "nginx is missing: apt-get install nginx-light (bin/parley test installs it)");
        TestCertificates.PemPair certificate = TestCertificates.write(dir, HOST, SelfSignedCertificate.KeyType.EC,
                HOST, "127.0.0.1");
        int httpsPort = freeLoopbackPort();
        int httpPort = freeLoopbackPort();
        String publicUrl = "https://" + HOST + ":" + httpsPort;
        try (ParleyServer parley = ParleyServer.start(ParleyConfig.defaults()
                     .withHttp(new HttpConfig("127.0.0.1", 0).withPublicUrl(URI.create(publicUrl)))
                     .withSip(new SipConfig(false, "127.0.0.1", 0))
                     .withStore(new StoreConfig(TestServers.freshDataDirectory())), MediaServerFactory.disabled());
             Nginx nginx = Nginx.start(dir.resolve("nginx"), siteConf(certificate, httpsPort, httpPort, parley.httpPort()),
                     httpsPort);
             HttpClient https = HttpClient.newBuilder().sslContext(certificate.trustingIt()).build()) {
            String proxy = "https://127.0.0.1:" + httpsPort;

            HttpResponse<String> page = https.send(HttpRequest.newBuilder(URI.create(proxy + "/")).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), nginx.errorLog());
            assertTrue(page.body().contains("<script"), page.body());
            assertEquals(Optional.of(StrictTransportSecurity.VALUE), page.headers().firstValue(StrictTransportSecurity.HEADER),
                    "nginx adds HSTS");

            // The API through the proxy: join links name the public address, not Parley's loopback port.
            String meeting = apiPost(https, proxy + "/api/meetings", parley.adminKey(),
                    "{\"title\": \"Council\", \"languages\": [\"en\", \"fr\"], \"floorLanguage\": \"en\"}").get("id").asText();
            JsonNode invitation = apiPost(https, proxy + "/api/meetings/" + meeting + "/invitations", parley.adminKey(),
                    "{\"role\": \"delegate\", \"name\": \"Ada\"}");
            assertTrue(invitation.get("joinUrl").asText().startsWith(publicUrl + "/?token="), invitation.toString());

            // WSS through nginx: the upgrade passes, then signaling messages both ways.
            try (SignalingClient signaling = SignalingClient.connect(URI.create("wss://127.0.0.1:" + httpsPort + "/ws"),
                    certificate.trustingIt())) {
                JsonNode joined = signaling.request(SignalingClient.message("join")
                        .put("token", invitation.get("token").asText()), WAIT);
                assertEquals("joined", joined.get("type").asText(), joined.toString());
                assertEquals(meeting, joined.get("meeting").asText(), joined.toString());
                assertEquals(1, parley.meetings().participantCount(), "Parley sees the participant behind nginx");
            }

            // nginx's plain port only redirects.
            String redirect = plainRequest(httpPort, "GET /?token=x HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n");
            assertTrue(redirect.startsWith("HTTP/1.1 301"), redirect);
            assertTrue(redirect.contains("Location: https://" + HOST + "/?token=x"), redirect);
        }
    }

    /** The shipped site file with the test's ports, host, certificate and Parley's port put in. */
    private String siteConf(TestCertificates.PemPair certificate, int httpsPort, int httpPort, int parleyPort)
            throws IOException {
        String conf = Files.readString(SHIPPED_CONF);
        conf = replaceOnce(conf, "listen 80;", "listen 127.0.0.1:" + httpPort + ";");
        conf = replaceOnce(conf, "listen [::]:80;", "# (no IPv6 in the test)");
        conf = replaceOnce(conf, "listen 443 ssl;", "listen 127.0.0.1:" + httpsPort + " ssl;");
        conf = replaceOnce(conf, "listen [::]:443 ssl;", "# (no IPv6 in the test)");
        conf = conf.replace("server_name parley.example.org;", "server_name " + HOST + " 127.0.0.1;");
        conf = replaceOnce(conf, "/etc/letsencrypt/live/parley.example.org/fullchain.pem", certificate.certificate().toString());
        conf = replaceOnce(conf, "/etc/letsencrypt/live/parley.example.org/privkey.pem", certificate.privateKey().toString());
        return replaceOnce(conf, "proxy_pass http://127.0.0.1:8080;", "proxy_pass http://127.0.0.1:" + parleyPort + ";");
    }

    /** Fails the test if the shipped file no longer has {@code target} exactly once: the test must not drift from it. */
    private static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        if (at < 0 || text.indexOf(target, at + 1) >= 0) {
            throw new AssertionError("conf/nginx/parley.conf should contain \"" + target + "\" exactly once");
        }
        return text.substring(0, at) + replacement + text.substring(at + target.length());
    }

    private static JsonNode apiPost(HttpClient https, String url, String key, String body) throws Exception {
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return ApiClient.JSON.readTree(response.body());
    }

    private static String plainRequest(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** An nginx in the foreground with everything (pid, logs, temp files) under its own prefix directory. */
    private record Nginx(Process process, Path prefix) implements AutoCloseable {

        static Nginx start(Path prefix, String site, int httpsPort) throws Exception {
            Files.createDirectories(prefix.resolve("tmp"));
            // Workers run as an unprivileged user when nginx starts as root: they must reach the prefix
            // (JUnit makes the test's directory owner-only).
            for (Path path : List.of(prefix.getParent(), prefix)) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.writeString(prefix.resolve("parley.conf"), site);
            Path main = Files.writeString(prefix.resolve("nginx.conf"), """
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log info;
                    events { worker_connections 64; }
                    http {
                        access_log %1$s/access.log;
                        client_body_temp_path %1$s/tmp/body;
                        proxy_temp_path %1$s/tmp/proxy;
                        fastcgi_temp_path %1$s/tmp/fastcgi;
                        uwsgi_temp_path %1$s/tmp/uwsgi;
                        scgi_temp_path %1$s/tmp/scgi;
                        include %1$s/parley.conf;
                    }
                    """.formatted(prefix));
            Process process = new ProcessBuilder(NGINX.toString(), "-p", prefix.toString(), "-c", main.toString(),
                    "-e", prefix.resolve("error.log").toString(), "-g", "daemon off;")
                    .redirectErrorStream(true)
                    .redirectOutput(prefix.resolve("stdout.log").toFile())
                    .start();
            Nginx nginx = new Nginx(process, prefix);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    nginx.close();
                    throw new AssertionError("nginx exited with " + process.exitValue() + ": " + nginx.errorLog());
                }
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", httpsPort), 1000);
                    return nginx;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        nginx.close();
                        throw new AssertionError("nginx does not listen on " + httpsPort + ": " + nginx.errorLog());
                    }
                    Thread.sleep(50);
                }
            }
        }

        String errorLog() {
            try {
                List<String> logs = new ArrayList<>();
                for (String name : List.of("stdout.log", "error.log")) {
                    Path log = prefix.resolve(name);
                    if (Files.exists(log)) {
                        logs.add(Files.readString(log));
                    }
                }
                return String.join("\n", logs);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        /** SIGTERM (nginx's fast shutdown), then SIGKILL to whatever is left of master and workers. */
        @Override
        public void close() {
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            process.destroy();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tree.add(process.toHandle());
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
