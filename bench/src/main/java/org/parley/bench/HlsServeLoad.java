package org.parley.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.parley.media.MediaConfig;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SipConfig;
import org.parley.signaling.config.StoreConfig;
import org.parley.signaling.config.WebcastConfig;

/**
 * How fast Parley's HTTP server serves the webcast on this machine, wrk-style over loopback: a whole
 * server in this JVM (the configuration's {@code demo} meeting, webcast on, its mixer started so its
 * seven renditions cut real 2 s segments), then {@code connections} keep-alive HTTP/1.1 connections,
 * each on its own thread, each asking for the next URL of a fixed list as soon as the last answer is
 * read, for {@code seconds}. Reports requests/s and body bytes/s, for segments and for live playlists
 * separately. Client and server share the machine's cores: the figures are a floor.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar org.parley.bench.HlsServeLoad [connections] [seconds]</pre>
 */
public final class HlsServeLoad {

    private HlsServeLoad() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        ParleyConfig config = ParleyConfig.defaults()
                .withHttp(new HttpConfig("127.0.0.1", 0))
                .withSip(new SipConfig(false, "127.0.0.1", 0))
                .withMedia(MediaConfig.udpOnly("127.0.0.1", "127.0.0.1", 0))
                .withStore(new StoreConfig(Files.createTempDirectory("parley-hls-load")))
                // A long window, so the segments asked for stay there for the whole run.
                .withWebcast(new WebcastConfig(2, 100, "standard"));
        try (ParleyServer server = ParleyServer.start(config)) {
            server.interpretation().orElseThrow().of(server.meetings().meeting("demo"));
            String base = "http://127.0.0.1:" + server.httpPort() + "/webcast/demo/";
            List<String> segments = new ArrayList<>();
            List<String> playlists = new ArrayList<>();
            awaitSegments(base, segments, playlists);
            long segmentBytes = 0;
            HttpClient http = HttpClient.newHttpClient();
            for (String segment : segments) {
                segmentBytes += http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + segment)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body().length;
            }
            System.out.printf("server on 127.0.0.1:%d, %d renditions, %d segments of %d bytes on average%n",
                    server.httpPort(), playlists.size(), segments.size(), segmentBytes / segments.size());
            run("segments", server.httpPort(), connections, seconds, segments);
            run("live playlists", server.httpPort(), connections, seconds, playlists);
        }
    }

    /** Waits until every live playlist lists 3 segments; collects their paths (from /webcast/demo/). */
    private static void awaitSegments(String base, List<String> segments, List<String> playlists) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            segments.clear();
            playlists.clear();
            String index = http.send(HttpRequest.newBuilder(URI.create(base + "index.m3u8")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            boolean ready = true;
            for (String line : index.lines().filter(l -> l.startsWith("#EXT-X-MEDIA")).toList()) {
                String uri = line.replaceAll(".*URI=\"([^\"]+)\".*", "$1");
                playlists.add("/webcast/demo/" + uri);
                String live = http.send(HttpRequest.newBuilder(URI.create(base + uri)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                List<String> names = live.lines().filter(l -> l.endsWith(".m4s")).toList();
                ready &= names.size() >= 3;
                String dir = "/webcast/demo/" + uri.substring(0, uri.lastIndexOf('/') + 1);
                names.subList(Math.max(0, names.size() - 3), names.size()).forEach(name -> segments.add(dir + name));
            }
            if (ready && !playlists.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the demo webcast has no segments after 30 s");
    }

    private static void run(String what, int port, int connections, int seconds, List<String> paths) throws Exception {
        LongAdder requests = new LongAdder();
        LongAdder bytes = new LongAdder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int first = c;
            threads.add(Thread.ofPlatform().start(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port));
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 65_536);
                    byte[] sink = new byte[65_536];
                    for (int i = first; System.nanoTime() < end; i++) {
                        String path = paths.get(i % paths.size());
                        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        long body = readResponse(in, sink);
                        requests.increment();
                        bytes.add(body);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        long start = System.nanoTime();
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-15s %4d connections, %5.1f s: %,10.0f requests/s, %,8.1f MB/s of bodies (%,.0f Mbit/s)%n",
                what, connections, elapsed, requests.sum() / elapsed, bytes.sum() / elapsed / 1e6,
                bytes.sum() * 8 / elapsed / 1e6);
    }

    /** Reads one response (status 200 required), headers then a Content-Length body; returns the body's length. */
    private static long readResponse(InputStream in, byte[] sink) throws IOException {
        StringBuilder line = new StringBuilder();
        long length = -1;
        boolean status = true;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b == '\n') {
                String header = line.toString().trim();
                line.setLength(0);
                if (status) {
                    if (!header.contains(" 200 ")) {
                        throw new IOException("unexpected status: " + header);
                    }
                    status = false;
                } else if (header.isEmpty()) {
                    break;
                } else if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Long.parseLong(header.substring(15).trim());
                }
            } else {
                line.append((char) b);
            }
        }
        for (long left = length; left > 0; ) {
            int n = in.read(sink, 0, (int) Math.min(sink.length, left));
            if (n < 0) {
                throw new IOException("connection closed in a body");
            }
            left -= n;
        }
        return length;
    }
}
