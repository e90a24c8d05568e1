package org.parley.media;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.media.dtls.DtlsCertificate;
import org.parley.media.icetcp.IceTcpServer;
import org.parley.media.router.Producer;
import org.parley.media.router.Router;
import org.parley.media.transport.BatchedSender;
import org.parley.media.transport.DatagramDemuxHandler;
import org.parley.media.transport.NativeTransport;
import org.parley.media.transport.TransportHost;
import org.parley.media.transport.TransportRegistry;
import org.parley.media.transport.WebRtcTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFU core: one UDP socket shared by every participant's transport, and the {@link Router}
 * that forwards producers to consumers. Signaling creates transports and connects streams. When
 * configured, an ICE-TCP listener ({@link IceTcpServer}) offers the same transports over TCP.
 *
 * <p>The socket is served by one event loop thread: demultiplexing, SRTP, forwarding and RTCP of
 * every transport on it run there without locks; ICE-TCP connections run on the same thread.
 * Native epoll is used where available.
 */
public final class MediaServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaServer.class);
    /** Receive buffers: the largest datagram we accept (bigger ones are truncated and fail to parse). */
    private static final int MAX_DATAGRAM = 2048;

    private final MediaConfig config;
    private final MediaMetrics metrics;
    private final Router router = new Router();
    private final TransportRegistry transports = new TransportRegistry();
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final ExecutorService handshakeExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong transportCounter = new AtomicLong();
    private final EventLoopGroup group;
    private final Channel channel;
    private final BatchedSender sender;
    private final ScheduledFuture<?> ticker;
    /** Null when ICE-TCP is off. */
    private final IceTcpServer tcpServer;
    private final Host host = new Host();

    private MediaServer(MediaConfig config, MeterRegistry registry, IceTcpServer.Limits tcpLimits)
            throws InterruptedException {
        this.config = config;
        this.metrics = new MediaMetrics(registry);
        this.group = new MultiThreadIoEventLoopGroup(1, NativeTransport.ioHandlerFactory());
        SenderHolder holder = new SenderHolder();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NativeTransport.datagramChannel())
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .handler(new io.netty.channel.ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        holder.sender = new BatchedSender(ch, metrics);
                        ch.pipeline().addLast(new DatagramDemuxHandler(transports, metrics, holder.sender));
                    }
                });
        try {
            this.channel = bootstrap.bind(config.bindAddress(), config.udpPort()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            handshakeExecutor.shutdownNow();
            throw e;
        }
        this.sender = holder.sender;
        try {
            this.tcpServer = config.tcpEnabled()
                    ? IceTcpServer.start(channel.eventLoop(), config.bindAddress(), config.tcpPort(), transports,
                            sender, metrics, tcpLimits)
                    : null;
        } catch (RuntimeException | InterruptedException e) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            handshakeExecutor.shutdownNow();
            throw e;
        }
        this.ticker = channel.eventLoop().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        metrics.gauge("parley.media.transports", "Open WebRTC transports", transports::size);
        metrics.gauge("parley.media.producers", "Incoming streams", this::incomingStreams);
        LOG.info("media: UDP {}:{}{} ({}), announcing {}", config.bindAddress(), udpPort(),
                tcpServer == null ? "" : ", ICE-TCP port " + tcpServer.port(), NativeTransport.name(),
                config.announcedAddress());
    }

    /**
     * Binds the UDP port (and the ICE-TCP port, if configured) and starts the event loops. Metrics are
     * registered in {@code registry}.
     */
    public static MediaServer start(MediaConfig config, MeterRegistry registry) throws InterruptedException {
        return new MediaServer(config, registry, IceTcpServer.Limits.DEFAULTS);
    }

    /** As {@link #start(MediaConfig, MeterRegistry)}, with other ICE-TCP connection limits (tests). */
    public static MediaServer start(MediaConfig config, MeterRegistry registry, IceTcpServer.Limits tcpLimits)
            throws InterruptedException {
        return new MediaServer(config, registry, tcpLimits);
    }

    /** The UDP port actually bound (differs from the configured one when that was 0). */
    public int udpPort() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The ICE-TCP port actually bound, or {@link MediaConfig#TCP_DISABLED} when ICE-TCP is off. */
    public int tcpPort() {
        return tcpServer == null ? MediaConfig.TCP_DISABLED : tcpServer.port();
    }

    /** Open ICE-TCP connections (0 when ICE-TCP is off). */
    public int tcpConnections() {
        return tcpServer == null ? 0 : tcpServer.openConnections();
    }

    public Router router() {
        return router;
    }

    public MediaMetrics metrics() {
        return metrics;
    }

    /**
     * The event loop that runs every transport and all forwarding: where packets of
     * {@linkplain org.parley.media.router.Producer#local local producers} must be handed in.
     */
    public EventExecutor eventLoop() {
        return channel.eventLoop();
    }

    /** The pooled allocator the media path uses. */
    public ByteBufAllocator allocator() {
        return channel.alloc();
    }

    /** The fingerprint peers see in our SDP answers. */
    public DtlsCertificate certificate() {
        return certificate;
    }

    /** A new transport with fresh ICE credentials; it lives until closed or its ICE consent lapses. */
    public WebRtcTransport createTransport(String id) {
        WebRtcTransport transport = new WebRtcTransport(id, host);
        transports.add(transport);
        return transport;
    }

    /** A new transport with a generated id. */
    public WebRtcTransport createTransport() {
        return createTransport("t" + transportCounter.incrementAndGet());
    }

    /** The open transports (a live view, safe to iterate from any thread). */
    public Collection<WebRtcTransport> transports() {
        return Collections.unmodifiableCollection(transports.all());
    }

    /** Producers fed by publishers; local ones (interpretation channels) are not incoming. */
    private int incomingStreams() {
        int count = 0;
        for (Producer producer : router.producers()) {
            if (!producer.isLocal()) {
                count++;
            }
        }
        return count;
    }

    private void tick() {
        long now = System.nanoTime();
        for (WebRtcTransport transport : transports.all()) {
            try {
                transport.tick(now);
            } catch (RuntimeException e) {
                LOG.warn("transport {} tick failed", transport.id(), e);
            }
        }
    }

    @Override
    public void close() {
        ticker.cancel(false);
        for (WebRtcTransport transport : transports.all()) {
            transport.close("server shutting down");
        }
        if (tcpServer != null) {
            tcpServer.close();
        }
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        handshakeExecutor.shutdownNow();
    }

    private static final class SenderHolder {
        BatchedSender sender;
    }

    /** What every transport on this socket shares. */
    private final class Host implements TransportHost {
        @Override
        public MediaConfig config() {
            return config;
        }

        @Override
        public int udpPort() {
            return MediaServer.this.udpPort();
        }

        @Override
        public int tcpPort() {
            return MediaServer.this.tcpPort();
        }

        @Override
        public ByteBufAllocator allocator() {
            return channel.alloc();
        }

        @Override
        public EventExecutor eventLoop() {
            return channel.eventLoop();
        }

        @Override
        public void send(ByteBuf datagram, InetSocketAddress recipient) {
            sender.send(datagram, recipient);
        }

        @Override
        public Router router() {
            return router;
        }

        @Override
        public MediaMetrics metrics() {
            return metrics;
        }

        @Override
        public DtlsCertificate certificate() {
            return certificate;
        }

        @Override
        public java.util.concurrent.Executor handshakeExecutor() {
            return handshakeExecutor;
        }

        @Override
        public void addressSelected(WebRtcTransport transport, InetSocketAddress address) {
            transports.bindAddress(transport, address);
        }

        @Override
        public void transportClosed(WebRtcTransport transport) {
            transports.remove(transport);
        }
    }
}
