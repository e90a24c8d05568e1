package org.parley.media;

import io.micrometer.core.instrument.MeterRegistry;
import org.parley.media.router.Router;
import org.parley.media.transport.WebRtcTransport;

/**
 * The SFU core: one UDP socket shared by every participant's transport, and the {@link Router}
 * that forwards producers to consumers. Signaling creates transports and connects streams.
 */
public final class MediaServer implements AutoCloseable {

    private MediaServer() {
    }

    /** Binds the UDP port and starts the event loops. Metrics are registered in {@code registry}. */
    public static MediaServer start(MediaConfig config, MeterRegistry registry) throws InterruptedException {
        throw new UnsupportedOperationException("being built");
    }

    /** The UDP port actually bound (differs from the configured one when that was 0). */
    public int udpPort() {
        throw new UnsupportedOperationException("being built");
    }

    public Router router() {
        throw new UnsupportedOperationException("being built");
    }

    /** A new transport with fresh ICE credentials; it lives until closed or its ICE consent lapses. */
    public WebRtcTransport createTransport(String id) {
        throw new UnsupportedOperationException("being built");
    }

    @Override
    public void close() {
    }
}
