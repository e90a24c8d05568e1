package org.parley.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.parley.media.MediaServer;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.protocol.ProducerAnnouncer;

/**
 * A running Parley server: the media core and the HTTP/WebSocket server on one TCP port. Start it
 * with {@link #start}; {@link #close} stops both. Tests run it in-process on port 0.
 */
public final class ParleyServer implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final MeetingRegistry meetings;
    private final Optional<MediaServer> media;
    private final EventLoopGroup group;
    private final Channel serverChannel;

    private ParleyServer(PrometheusMeterRegistry registry, MeetingRegistry meetings, Optional<MediaServer> media,
                         EventLoopGroup group, Channel serverChannel) {
        this.registry = registry;
        this.meetings = meetings;
        this.media = media;
        this.group = group;
        this.serverChannel = serverChannel;
    }

    /** Starts with the embedded media core. */
    public static ParleyServer start(ParleyConfig config) throws InterruptedException {
        return start(config, MediaServerFactory.embedded());
    }

    /** Starts the media core from {@code mediaFactory}, then binds the HTTP port. */
    public static ParleyServer start(ParleyConfig config, MediaServerFactory mediaFactory) throws InterruptedException {
        long startNanos = System.nanoTime();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MeetingRegistry meetings = new MeetingRegistry(config.meetings());
        SignalingMetrics metrics = new SignalingMetrics(registry, meetings::meetingCount, meetings::participantCount);
        Optional<MediaServer> media = mediaFactory.start(config.media(), registry);
        media.ifPresent(server -> server.router().addListener(new ProducerAnnouncer(meetings)));

        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory ioHandler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, ioHandler);
        try {
            Channel serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    // Bounds what a client that stops reading can make us buffer (see WebSocketConnection).
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .childHandler(new ParleyChannelInitializer(new ObjectMapper(), meetings, media, config.limits(),
                            metrics, registry, startNanos))
                    .bind(config.http().bindAddress(), config.http().port())
                    .sync()
                    .channel();
            return new ParleyServer(registry, meetings, media, group, serverChannel);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            media.ifPresent(MediaServer::close);
            throw e;
        }
    }

    /** The TCP port actually bound (differs from the configured one when that was 0). */
    public int httpPort() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The media core, absent when started with {@link MediaServerFactory#disabled()}. */
    public Optional<MediaServer> media() {
        return media;
    }

    /** Holds the signaling meters and the media core's. */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    public MeetingRegistry meetings() {
        return meetings;
    }

    /** Stops accepting, closes every connection (participants leave), then stops the media core. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        media.ifPresent(MediaServer::close);
        registry.close();
    }
}
