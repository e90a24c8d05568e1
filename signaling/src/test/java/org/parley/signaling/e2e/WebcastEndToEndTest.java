package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;

/**
 * The webcast's HTTP side and its archive against a whole server with a real publisher (libwebrtc,
 * 440 Hz on the floor): the multivariant names the floor and each language; playlists are short-lived,
 * segments and init segments immutable, all with CORS, ETag (a conditional GET is 304) and HEAD;
 * unknown paths and a meeting without webcast are 404. An archive started and stopped writes a VOD
 * presentation that {@code ffprobe} (Debian {@code ffmpeg}) reads as Opus at 48 kHz, per language,
 * with the duration of the segments written.
 */
@Timeout(120)
class WebcastEndToEndTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesPlaylistsAndSegmentsWithCachingHeadersAndArchivesAVodPresentation() throws Exception {
        Path archive = Files.createTempDirectory("parley-webcast-archive");
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server)) {
            String meeting = api.createMeeting("""
                    {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                     "floorControl": "open", "webcast": true}
                    """);
            String quiet = api.createMeeting("""
                    {"title": "Closed", "languages": ["en"], "floorLanguage": "en"}
                    """);
            assertTrue(api.get("/api/meetings/" + meeting).get("webcast").asBoolean());
            String base = "http://127.0.0.1:" + server.httpPort() + "/webcast/" + meeting + "/";
            try (TonePeer floor = TonePeer.publishing(api.join(meeting, "{\"role\": \"delegate\", \"name\": \"Floor\"}"), 440)) {
                WebcastChromiumTest.awaitSegments(base + "index.m3u8", 1);
                assertTrue(server.webcasts().startArchive(meeting, archive));

                HttpResponse<String> index = get(base + "index.m3u8", "GET");
                assertEquals(200, index.statusCode());
                assertEquals("application/vnd.apple.mpegurl", index.headers().firstValue("content-type").orElseThrow());
                assertEquals("public, max-age=2", index.headers().firstValue("cache-control").orElseThrow());
                assertEquals("*", index.headers().firstValue("access-control-allow-origin").orElseThrow());
                String text = index.body();
                assertTrue(text.contains("NAME=\"Original (floor)\",DEFAULT=YES"), text);
                assertTrue(text.contains("NAME=\"English\",LANGUAGE=\"en\""), text);
                assertTrue(text.contains("NAME=\"Français\",LANGUAGE=\"fr\""), text);
                assertTrue(text.contains("CODECS=\"opus\",AUDIO=\"audio\""), text);
                String frUri = text.lines().filter(l -> l.contains("LANGUAGE=\"fr\"")).findFirst().orElseThrow()
                        .replaceAll(".*URI=\"([^\"]+)\".*", "$1");

                HttpResponse<String> live = get(base + frUri, "GET");
                assertEquals("public, max-age=1", live.headers().firstValue("cache-control").orElseThrow());
                assertTrue(live.body().contains("#EXT-X-MAP:URI=\"init.mp4\""), live.body());
                String segmentName = live.body().lines().filter(l -> l.endsWith(".m4s")).reduce((a, b) -> b).orElseThrow();
                URI segment = URI.create(base + frUri).resolve(segmentName);
                HttpResponse<byte[]> bytes = http.send(HttpRequest.newBuilder(segment).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, bytes.statusCode());
                assertEquals("audio/mp4", bytes.headers().firstValue("content-type").orElseThrow());
                assertEquals("public, max-age=31536000, immutable", bytes.headers().firstValue("cache-control").orElseThrow());
                assertEquals(String.valueOf(bytes.body().length), bytes.headers().firstValue("content-length").orElseThrow());
                String etag = bytes.headers().firstValue("etag").orElseThrow();
                HttpResponse<String> again = http.send(HttpRequest.newBuilder(segment).header("If-None-Match", etag).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(304, again.statusCode());
                HttpResponse<String> head = get(segment.toString(), "HEAD");
                assertEquals(200, head.statusCode());
                assertEquals(String.valueOf(bytes.body().length), head.headers().firstValue("content-length").orElseThrow());
                HttpResponse<String> init = get(URI.create(base + frUri).resolve("init.mp4").toString(), "GET");
                assertEquals("public, max-age=31536000, immutable", init.headers().firstValue("cache-control").orElseThrow());

                assertEquals(404, get(URI.create(base + frUri).resolve("1.m4s").toString(), "GET").statusCode(),
                        "a segment that has left the window (or never was)");
                assertEquals(404, get(base + "nosuchrun/fr/live.m3u8", "GET").statusCode());
                assertEquals(404, get("http://127.0.0.1:" + server.httpPort() + "/webcast/" + quiet + "/index.m3u8", "GET")
                        .statusCode(), "a meeting without webcast");
                assertEquals(405, get(base + "index.m3u8", "DELETE").statusCode());
                assertEquals(Integer.valueOf(1), server.webcasts().listeners(meeting), "this test's one address");
                assertEquals(null, server.webcasts().listeners(quiet));
                MetricsScrape scrape = MetricsScrape.get(http, server.httpPort());
                assertEquals(1, scrape.value("parley_webcast_listeners", Map.of("meeting", meeting)));
                assertTrue(scrape.series("parley_webcast_listeners").stream().noneMatch(l -> quiet.equals(l.get("meeting"))),
                        "no series for a meeting without webcast");
                MetricsScrape.PromtoolResult check = scrape.promtoolCheck();
                assertEquals(0, check.exitCode(), "promtool check metrics: " + check.output());
                // The statistics keep the peak: sampled every 10 s on the store's thread.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                JsonNode figure;
                do {
                    Thread.sleep(200);
                    figure = api.get("/api/statistics/meetings/" + meeting).at("/meetings/0/webcastListeners");
                } while (figure.isNull() && System.nanoTime() < deadline);
                assertEquals(1, figure.asInt(), "the peak of the webcast's listeners: " + figure);

                // Three more segments into the archive, then stop: every playlist ends.
                long firstArchived = System.nanoTime();
                awaitFiles(archive.resolve("fr"), 3);
                assertTrue(server.webcasts().stopArchive(meeting).get(10, TimeUnit.SECONDS));
                assertTrue(Duration.ofNanos(System.nanoTime() - firstArchived).toSeconds() < 60);
            }
            for (String rendition : List.of("floor", "en", "fr")) {
                Path playlist = archive.resolve(rendition).resolve("playlist.m3u8");
                String vod = Files.readString(playlist, StandardCharsets.UTF_8);
                assertTrue(vod.contains("#EXT-X-PLAYLIST-TYPE:EVENT"), vod);
                assertTrue(vod.endsWith("#EXT-X-ENDLIST\n"), vod);
                long segments = vod.lines().filter(l -> l.endsWith(".m4s")).count();
                String probe = run("ffprobe", "-v", "error", "-allowed_extensions", "ALL", "-show_entries",
                        "stream=codec_name,sample_rate:format=duration", "-of", "default=noprint_wrappers=1", playlist.toString());
                assertTrue(probe.contains("codec_name=opus"), rendition + ": " + probe);
                assertTrue(probe.contains("sample_rate=48000"), rendition + ": " + probe);
                double duration = Double.parseDouble(probe.lines().filter(l -> l.startsWith("duration="))
                        .findFirst().orElseThrow().substring("duration=".length()));
                assertEquals(segments * 2.0, duration, 0.1, rendition + ": " + segments + " segments; " + probe);
            }
            String multivariant = Files.readString(archive.resolve("index.m3u8"));
            assertTrue(multivariant.contains("LANGUAGE=\"fr\""), multivariant);
        } finally {
            try (Stream<Path> files = Files.walk(archive)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private HttpResponse<String> get(String uri, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitFiles(Path directory, int segments) throws InterruptedException, java.io.IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(directory)) {
                try (Stream<Path> files = Files.list(directory)) {
                    if (files.filter(f -> f.toString().endsWith(".m4s")).count() >= segments) {
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + segments + " archived segments in " + directory);
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + out);
        assertNotNull(out);
        assertFalse(out.isBlank(), String.join(" ", command));
        return out;
    }
}
