package org.parley.media.icetcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.parley.media.MediaMetrics;
import org.parley.media.transport.BatchedSender;
import org.parley.media.transport.NativeTransport;
import org.parley.media.transport.TransportRegistry;

/**
 * The passive side of ICE-TCP (RFC 6544): a TCP listener whose connections carry the same
 * transports as the UDP socket, each packet framed by RFC 4571. It and all its connections run on
 * the UDP socket's event loop, so a transport's state stays single-threaded whichever way its
 * packets come. Native epoll where the UDP side uses it ({@link NativeTransport}).
 *
 * <p>Pipeline of each connection, one job per handler:
 * <pre>
 *   Rfc4571FrameDecoder   bytes → packets (oversized: exception)
 *   Rfc4571FrameEncoder   packet → length + packet
 *   StunBindingHandler    first packet: a Binding request our ICE agent accepts → bound;
 *                         replaced by FramedPacketHandler (packets → transport)
 *   ConnectionEndHandler  errors close the connection; its end reaches the transport
 * </pre>
 */
public final class IceTcpServer implements AutoCloseable {

    /**
     * @param maxUnauthenticated connections allowed at once before their first accepted Binding request
     * @param bindTimeout        how long a connection may take to send one
     * @param queueLowBytes      a connection's outbound queue is writable again below this
     * @param queueHighBytes     above this, packets for the connection are dropped (a slow reader)
     */
    public record Limits(int maxUnauthenticated, Duration bindTimeout, int queueLowBytes, int queueHighBytes) {
        /**
         * 64 unauthenticated connections (a meeting's delegates joining at once pass one by one in
         * milliseconds), 10 s to authenticate (ICE-TCP checks start as soon as the peer has our
         * answer), and a queue of 32..64 KiB: over a second of a listener's audio, more than the
         * jitter buffer would keep.
         */
        public static final Limits DEFAULTS = new Limits(64, Duration.ofSeconds(10), 32 * 1024, 64 * 1024);
    }

    private final Channel serverChannel;
    private final ChannelGroup connections;

    private IceTcpServer(Channel serverChannel, ChannelGroup connections) {
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    /**
     * Listens on {@code bindAddress:port} (0: any free port). {@code loop} must be the event loop of
     * {@code transports}' UDP socket, whose {@code batch} sender the connections share.
     */
    public static IceTcpServer start(EventLoop loop, String bindAddress, int port, TransportRegistry transports,
                                     BatchedSender batch, MediaMetrics metrics, Limits limits)
            throws InterruptedException {
        BindingSlots slots = new BindingSlots(limits.maxUnauthenticated());
        long bindTimeoutNanos = limits.bindTimeout().toNanos();
        ChannelGroup connections = new DefaultChannelGroup("ice-tcp", loop);
        Rfc4571FrameEncoder encoder = new Rfc4571FrameEncoder();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loop, loop)
                .channel(NativeTransport.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, limits.maxUnauthenticated())
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, true) // a packet waits for nothing
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(limits.queueLowBytes(), limits.queueHighBytes()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        IceTcpConnection connection = new IceTcpConnection(ch, metrics, batch);
                        ch.pipeline().addLast(
                                new Rfc4571FrameDecoder(),
                                encoder,
                                new StunBindingHandler(connection, transports, slots, bindTimeoutNanos, metrics,
                                        batch),
                                new ConnectionEndHandler(connection, metrics));
                    }
                });
        Channel channel = bootstrap.bind(bindAddress, port).sync().channel();
        metrics.gauge("parley.media.tcp.connections", "Open ICE-TCP connections", connections::size);
        return new IceTcpServer(channel, connections);
    }

    /** The TCP port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Open connections, bound or not. */
    public int openConnections() {
        return connections.size();
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
