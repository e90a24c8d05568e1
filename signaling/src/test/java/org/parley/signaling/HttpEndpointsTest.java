package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpEndpointsTest {

    private static ParleyServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }

    @Test
    void healthReportsStatusUptimeMeetingsAndParticipants() throws Exception {
        try (WsTestClient client = WsTestClient.connect(http, server.httpPort())) {
            assertEquals("joined", client.request("{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"Ada\"}").get("type").asText());

            HttpResponse<String> response = get("/health");

            assertEquals(200, response.statusCode());
            assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
            JsonNode health = new ObjectMapper().readTree(response.body());
            assertEquals("ok", health.get("status").asText());
            assertTrue(health.get("uptime").isIntegralNumber() && health.get("uptime").asLong() >= 0);
            assertEquals(1, health.get("meetings").asInt());
            assertEquals(1, health.get("participants").asInt());
        }
    }

    @Test
    void metricsScrapePassesPromtool() throws Exception {
        try (WsTestClient client = WsTestClient.connect(http, server.httpPort())) {
            client.request("{\"type\":\"ping\"}");
            client.request("{\"type\":\"nope\"}");
        }
        HttpResponse<String> response = get("/metrics");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
        String body = response.body();
        for (String name : new String[] {"parley_ws_connections", "parley_signaling_messages_total{type=\"ping\"}",
                "parley_signaling_errors_total{code=\"UNKNOWN_TYPE\"}", "parley_ws_frames_dropped_total{reason=\"too_large\"}",
                "parley_meetings", "parley_participants"}) {
            assertTrue(body.contains(name), name + " missing from\n" + body);
        }

        Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream stdin = promtool.getOutputStream()) {
            stdin.write(body.getBytes(StandardCharsets.UTF_8));
        }
        String report = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, promtool.exitValue(), "promtool check metrics: " + report);
    }

    @Test
    void servesTheDemoAppWithContentTypes() throws Exception {
        HttpResponse<String> index = get("/");
        assertEquals(200, index.statusCode());
        assertEquals("text/html; charset=utf-8", index.headers().firstValue("content-type").orElseThrow());
        assertTrue(index.body().contains("<html lang=\"en\" data-i18n-page=\"demo\">"), index.body());

        // Its words come from the message catalogues (i18n.js), UTF-8 JSON.
        HttpResponse<String> catalogue = get("/i18n/demo/ar.json");
        assertEquals(200, catalogue.statusCode());
        assertEquals("application/json", catalogue.headers().firstValue("content-type").orElseThrow());
        assertTrue(catalogue.body().contains("\"join\": \"انضمام\""), catalogue.body());

        HttpResponse<String> script = get("/app.js");
        assertEquals(200, script.statusCode());
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("content-type").orElseThrow());
        assertTrue(script.body().contains("window.parley"));

        HttpResponse<String> style = get("/style.css");
        assertEquals("text/css; charset=utf-8", style.headers().firstValue("content-type").orElseThrow());
        assertEquals(get("/index.html").body(), index.body());
    }

    @Test
    void unknownFilesAre404() throws Exception {
        assertEquals(404, get("/missing.html").statusCode());
        assertEquals(404, get("/web/index.html").statusCode());
        assertEquals(404, get("/conf/parley.json").statusCode()); // on the classpath, but outside web/
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../conf/parley.json", "/%2e%2e/conf/parley.json", "/..%2fconf%2fparley.json",
            "/web/../../conf/parley.json", "/.%2e/org/parley/signaling/Main.class", "/..\\conf\\parley.json",
            "/%2fetc%2fpasswd", "//etc/passwd", "/.hidden.js"})
    void pathTraversalIsRefused(String path) throws Exception {
        // A raw socket, so that the request line reaches the server exactly as written.
        String statusLine = rawGet(path);
        assertTrue(statusLine.startsWith("HTTP/1.1 404") || statusLine.startsWith("HTTP/1.1 400"), path + " -> " + statusLine);
    }

    private static String rawGet(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    @Test
    void webSocketPathWithoutUpgradeIsABadRequest() throws Exception {
        assertEquals(400, get("/ws").statusCode());
    }

    @Test
    void headHasTheLengthButNoBody() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/")).HEAD().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertEquals(get("/").body().getBytes(StandardCharsets.UTF_8).length,
                Integer.parseInt(response.headers().firstValue("content-length").orElseThrow()));
    }

    @Test
    void wrongMethodsAre405() throws Exception {
        for (String path : new String[] {"/health", "/metrics", "/", "/app.js"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, response.statusCode(), path);
            assertEquals("GET, HEAD", response.headers().firstValue("allow").orElseThrow(), path);
        }
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(uri("/missing.html"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
    }
}
