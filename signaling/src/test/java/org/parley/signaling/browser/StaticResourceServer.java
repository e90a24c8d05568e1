package org.parley.signaling.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

/**
 * A tiny HTTP server on 127.0.0.1 (ephemeral port) serving files from one classpath folder, so a
 * test can load its own pages in {@link Chromium}. {@code http://127.0.0.1} is a secure context,
 * so getUserMedia and WebRTC work without TLS.
 */
public final class StaticResourceServer implements AutoCloseable {

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "wav", "audio/wav");

    private final HttpServer server;
    private final String resourceRoot;

    private StaticResourceServer(HttpServer server, String resourceRoot) {
        this.server = server;
        this.resourceRoot = resourceRoot;
    }

    /**
     * Serves classpath resources under {@code resourceRoot} (e.g. {@code "browser"}) at the server root.
     */
    public static StaticResourceServer start(String resourceRoot) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        StaticResourceServer resources = new StaticResourceServer(server, resourceRoot);
        server.createContext("/", resources::handle);
        server.start();
        return resources;
    }

    /** The URL of a file, e.g. {@code url("loopback-call.html")}. */
    public URI url(String file) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + file);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            // Resource lookups are not file-system paths, but refuse ".." anyway: nothing outside the root.
            if (!"GET".equals(exchange.getRequestMethod()) || path.contains("..")) {
                exchange.sendResponseHeaders(path.contains("..") ? 400 : 405, -1);
                return;
            }
            try (InputStream resource = getClass().getClassLoader().getResourceAsStream(resourceRoot + path)) {
                if (resource == null || path.endsWith("/")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = resource.readAllBytes();
                String extension = path.substring(path.lastIndexOf('.') + 1);
                exchange.getResponseHeaders().set("Content-Type",
                        CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
