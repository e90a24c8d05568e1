package org.parley.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.parley.media.MediaConfig;
import org.parley.media.MediaMetrics;
import org.parley.media.dtls.DtlsCertificate;
import org.parley.media.router.Router;
import org.parley.media.transport.TransportHost;
import org.parley.media.transport.WebRtcTransport;

/**
 * What the benchmarks' {@link TransportHost}s share: transports are keyed directly with
 * {@link WebRtcTransport#startMedia}, so DTLS handshakes submitted to {@link #handshakeExecutor()}
 * are dropped and never run, and no demultiplexer needs telling about selected addresses or
 * closed transports. Buffers come from {@link PooledByteBufAllocator#DEFAULT}, as the media
 * server's channel allocates them. Subclasses say where datagrams go and on which event loop.
 */
abstract class PreKeyedTransportHost implements TransportHost {

    private final MediaConfig config;
    private final MediaMetrics metrics;
    private final Router router = new Router();
    private final DtlsCertificate certificate = DtlsCertificate.generate();

    PreKeyedTransportHost(MediaConfig config, MediaMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public final MediaConfig config() {
        return config;
    }

    @Override
    public final int udpPort() {
        return config.udpPort();
    }

    @Override
    public final ByteBufAllocator allocator() {
        return PooledByteBufAllocator.DEFAULT;
    }

    @Override
    public final Router router() {
        return router;
    }

    @Override
    public final MediaMetrics metrics() {
        return metrics;
    }

    @Override
    public final DtlsCertificate certificate() {
        return certificate;
    }

    @Override
    public final Executor handshakeExecutor() {
        return handshake -> {
            // Keys are installed with startMedia: the handshake never runs.
        };
    }

    @Override
    public final void addressSelected(WebRtcTransport transport, InetSocketAddress address) {
        // No socket demultiplexer: datagrams are handed to the transport directly.
    }

    @Override
    public final void transportClosed(WebRtcTransport transport) {
    }
}
