package org.parley.signaling.webcast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.parley.mixer.hls.HlsPlaylists;
import org.parley.mixer.hls.HlsSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A webcast written to a directory while a recording runs: per rendition {@code <name>/init.mp4},
 * {@code <name>/<index>.m4s} and an EVENT playlist {@code <name>/playlist.m3u8} that grows by
 * appending (RFC 8216 §6.2.1: an EVENT playlist only gains segments at its end), and
 * {@code index.m3u8}, the multivariant. {@link #finish} appends {@code EXT-X-ENDLIST} to every
 * playlist, which makes them a complete presentation for any HLS player (VOD).
 *
 * <p>Only the archive's writer thread calls these methods (never the mixer thread).
 */
final class WebcastArchive {

    private static final Logger LOG = LoggerFactory.getLogger(WebcastArchive.class);
    static final String PLAYLIST = "playlist.m3u8";
    static final String MULTIVARIANT = "index.m3u8";

    private final Path directory;
    private final int targetSeconds;
    /** Rendition name → the index of the last segment written, to mark discontinuities. */
    private final Map<String, Long> lastIndex = new HashMap<>();
    private boolean failed;

    WebcastArchive(Path directory, int targetSeconds) {
        this.directory = directory;
        this.targetSeconds = targetSeconds;
    }

    /** Starts a rendition: its directory, init segment and the head of its EVENT playlist. */
    void startRendition(String name, byte[] initSegment) {
        run(() -> {
            Path dir = Files.createDirectories(directory.resolve(name));
            Files.write(dir.resolve("init.mp4"), initSegment);
            String head = HlsPlaylists.media(HlsPlaylists.Kind.EVENT, targetSeconds, "init.mp4", "", List.of(), 0);
            Files.writeString(dir.resolve(PLAYLIST), head, StandardCharsets.UTF_8);
            lastIndex.remove(name);
        });
    }

    /** Writes {@code segment} and appends it to the rendition's playlist. */
    void segment(String name, HlsSegment segment) {
        run(() -> {
            Path dir = directory.resolve(name);
            if (!Files.isDirectory(dir)) {
                return; // its rendition started before the archive: not part of it
            }
            Files.write(dir.resolve(segment.index() + ".m4s"), segment.bytes());
            Long last = lastIndex.put(name, segment.index());
            String entry = (last != null && last + 1 != segment.index() ? "#EXT-X-DISCONTINUITY\n" : "")
                    + "#EXTINF:" + String.format(java.util.Locale.ROOT, "%.5f", segment.durationSeconds()) + ",\n"
                    + segment.index() + ".m4s\n";
            Files.writeString(dir.resolve(PLAYLIST), entry, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        });
    }

    /** (Re)writes the multivariant playlist naming the renditions archived. */
    void multivariant(List<HlsPlaylists.Rendition> renditions, long bandwidth) {
        run(() -> Files.writeString(directory.resolve(MULTIVARIANT), HlsPlaylists.multivariant(renditions, bandwidth),
                StandardCharsets.UTF_8));
    }

    /** Ends every playlist: the presentation is complete. */
    void finish() {
        run(() -> {
            try (var renditions = Files.list(directory)) {
                for (Path dir : renditions.filter(Files::isDirectory).toList()) {
                    Path playlist = dir.resolve(PLAYLIST);
                    if (Files.exists(playlist)) {
                        Files.writeString(playlist, "#EXT-X-ENDLIST\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                    }
                }
            }
        });
    }

    private interface Write {
        void run() throws IOException;
    }

    private void run(Write write) {
        try {
            write.run();
        } catch (IOException | UncheckedIOException e) {
            if (!failed) {
                LOG.warn("Webcast archive {}: cannot write: {}", directory, e.toString());
            }
            failed = true;
        }
    }

    boolean failed() {
        return failed;
    }
}
