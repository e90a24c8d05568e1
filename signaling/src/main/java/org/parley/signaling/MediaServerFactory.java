package org.parley.signaling;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.parley.media.MediaConfig;
import org.parley.media.MediaServer;

/**
 * How {@link ParleyServer} gets its media core. The real server embeds one; tests of HTTP and
 * signaling use {@link #disabled()} and get {@code MEDIA_UNAVAILABLE} for {@code offer}.
 */
@FunctionalInterface
public interface MediaServerFactory {

    /** Starts a media server, or returns empty when this server runs without media. */
    Optional<MediaServer> start(MediaConfig config, MeterRegistry registry) throws InterruptedException;

    /** Starts the in-process media core ({@link MediaServer#start}). */
    static MediaServerFactory embedded() {
        return (config, registry) -> Optional.of(MediaServer.start(config, registry));
    }

    /** No media: everything but {@code offer}, {@code subscribe} and {@code unsubscribe} works. */
    static MediaServerFactory disabled() {
        return (config, registry) -> Optional.empty();
    }
}
