package org.parley.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.parley.media.MediaConfig;
import org.parley.media.MediaMetrics;
import org.parley.media.ice.StunClass;
import org.parley.media.ice.StunMessage;
import org.parley.media.icetcp.IceTcpServer;
import org.parley.media.router.Producer;
import org.parley.media.transport.BatchedSender;
import org.parley.media.transport.NativeTransport;
import org.parley.media.transport.TransportRegistry;
import org.parley.media.transport.WebRtcTransport;

/**
 * Forwarding with the sockets: the same packet path as {@link ForwardingBenchmark}, but the
 * subscribers' packets really leave through the media event loop's channels, either as UDP
 * datagrams ({@code path=udp}: {@link BatchedSender}, epoll {@code sendmsg}/{@code sendmmsg}) or as
 * RFC 4571 frames on one ICE-TCP connection per subscriber ({@code path=tcp}: the
 * {@link IceTcpServer} pipeline's encoder, one {@code write} per connection per batch).
 *
 * <p>One operation is {@link #BATCH} publisher packets, each handled as the UDP demultiplexer
 * handles a read: begin a batch, {@link WebRtcTransport#receive}, end the batch (flush). It runs as
 * one task on the single media event loop thread, so {@code packetsOut} per second is what one core
 * sends. The subscribers' ends are drained by one reader thread (the other core) so that neither
 * the UDP receive buffer nor the TCP windows fill; their drops, if any, are reported.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=org.parley.bench.FastThreadLocalExecutor"})
public class SocketForwardingBenchmark {

    /** Publisher packets per operation (one event loop task). */
    static final int BATCH = 64;
    private static final java.lang.management.ThreadMXBean LOOP_CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** The server side on real sockets, and the subscribers' ends. */
    @State(Scope.Thread)
    public static class Server {

        @Param({"udp", "tcp"})
        public String path;

        @Param({"10", "100"})
        public int consumers;

        ForwardingBenchmark.PublisherClient client;
        EventLoopGroup group;
        EventLoop loop;
        Channel udp;
        BatchedSender sender;
        IceTcpServer tcp;
        SocketHost host;
        WebRtcTransport publisher;
        Drain drain;
        long nowNanos = TimeUnit.SECONDS.toNanos(1);
        final List<SocketChannel> tcpEnds = new ArrayList<>();
        private long loopThreadId;
        private long iterationCpuStart;
        private long iterationWallStart;
        private double iterationSentStart;

        @Setup(Level.Trial)
        public void setUp(ForwardingBenchmark.PublisherClient client) throws Exception {
            this.client = client;
            group = new MultiThreadIoEventLoopGroup(1, NativeTransport.ioHandlerFactory());
            loop = group.next();
            udp = new Bootstrap().group(loop).channel(NativeTransport.datagramChannel())
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.SO_SNDBUF, 4 << 20)
                    .handler(new ChannelInboundHandlerAdapter())
                    .bind("127.0.0.1", 0).sync().channel();
            MediaMetrics metrics = new MediaMetrics(new SimpleMeterRegistry());
            sender = new BatchedSender(udp, metrics);
            TransportRegistry registry = new TransportRegistry();
            tcp = IceTcpServer.start(loop, "127.0.0.1", 0, registry, sender, metrics,
                    new IceTcpServer.Limits(consumers + 8, java.time.Duration.ofSeconds(10), 256 * 1024, 512 * 1024));
            host = new SocketHost(loop, sender, metrics, tcp.port());
            drain = new Drain();

            publisher = new WebRtcTransport("publisher", host);
            registry.add(publisher);
            Producer producer = publisher.negotiate(ChromeAudioOffers.PUBLISH).newProducers().getFirst();
            publisher.startMedia(client.keys.server(), client.address);
            for (int i = 0; i < consumers; i++) {
                WebRtcTransport subscriber = new WebRtcTransport("subscriber-" + i, host);
                registry.add(subscriber);
                WebRtcTransport.Negotiation negotiation = subscriber.negotiate(ChromeAudioOffers.SUBSCRIBE);
                SrtpKeys keys = SrtpKeys.of(client.profile, i + 1);
                if (path.equals("tcp")) {
                    SocketChannel end = bindOverTcp(negotiation.answerSdp(), subscriber);
                    tcpEnds.add(end);
                    drain.add(end);
                    subscriber.startMedia(keys.server(), null); // keeps the TCP pair ICE selected
                } else {
                    subscriber.startMedia(keys.server(), drain.udpAddress());
                }
                host.router().connect(negotiation.newConsumers().getFirst(), producer);
            }
            drain.start();
            loopThreadId = loop.submit(() -> Thread.currentThread().threadId()).get();
            // One packet must reach every subscriber before measuring.
            long before = (long) metrics.packetsSent.count();
            forwardBatch(1);
            long sent = (long) metrics.packetsSent.count() - before;
            if (sent != consumers) {
                throw new IllegalStateException("one packet went out " + sent + " times, expected " + consumers);
            }
        }

        /** Connects, sends an authenticated Binding request with USE-CANDIDATE, waits for the transport to bind. */
        private SocketChannel bindOverTcp(String answer, WebRtcTransport subscriber) throws Exception {
            SocketChannel end = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.port()));
            end.setOption(StandardSocketOptions.TCP_NODELAY, true);
            end.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            byte[] transactionId = new byte[12];
            transactionId[0] = 1;
            ByteBuf request = StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, transactionId)
                    .username(attribute(answer, "a=ice-ufrag:") + ":"
                            + attribute(ChromeAudioOffers.SUBSCRIBE.replace("\n", "\r\n"), "a=ice-ufrag:"))
                    .priority(0x6E7F00FFL)
                    .useCandidate()
                    .iceControlling(42)
                    .build()
                    .encode(ByteBufAllocator.DEFAULT, attribute(answer, "a=ice-pwd:").getBytes(UTF_8));
            ByteBuffer framed = ByteBuffer.allocate(2 + request.readableBytes());
            framed.putShort((short) request.readableBytes());
            request.readBytes(framed);
            request.release();
            framed.flip();
            while (framed.hasRemaining()) {
                end.write(framed);
            }
            // The success response proves the connection is bound; read it off before draining.
            ByteBuffer response = ByteBuffer.allocate(2);
            readFully(end, response);
            ByteBuffer body = ByteBuffer.allocate(response.getShort(0) & 0xFFFF);
            readFully(end, body);
            if (StunMessage.decode(Unpooled.wrappedBuffer(body.flip())).messageClass() != StunClass.SUCCESS_RESPONSE) {
                throw new IllegalStateException("the server refused the Binding request");
            }
            end.configureBlocking(false);
            return end;
        }

        private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new IOException("the server closed the connection");
                }
            }
        }

        private static String attribute(String sdp, String prefix) {
            for (String line : sdp.split("\r\n")) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
            }
            throw new IllegalStateException("no " + prefix);
        }

        /** {@code packets} publisher packets, each in its own read batch, on the event loop. */
        void forwardBatch(int packets) throws Exception {
            loop.submit(() -> {
                for (int i = 0; i < packets; i++) {
                    sender.beginBatch();
                    nowNanos += TimeUnit.MILLISECONDS.toNanos(20);
                    publisher.receive(client.nextDatagram(), client.address, nowNanos);
                    sender.endBatch();
                }
            }).get(30, TimeUnit.SECONDS);
        }

        /**
         * On a shared machine the loop thread does not get a whole core, so ops/s understate what one
         * core does: this prints packets out per second of the loop thread's own CPU time.
         */
        @Setup(Level.Iteration)
        public void iterationStart() {
            iterationCpuStart = LOOP_CPU.getThreadCpuTime(loopThreadId);
            iterationWallStart = System.nanoTime();
            iterationSentStart = host.metrics().packetsSent.count();
        }

        @TearDown(Level.Iteration)
        public void iterationEnd() {
            long cpu = LOOP_CPU.getThreadCpuTime(loopThreadId) - iterationCpuStart;
            long wall = System.nanoTime() - iterationWallStart;
            double sent = host.metrics().packetsSent.count() - iterationSentStart;
            System.out.printf(" [%s, %d consumers: %,.0f packets out per loop-thread CPU second, loop busy %.0f%%]",
                    path, consumers, sent / (cpu / 1e9), 100.0 * cpu / wall);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            MediaMetrics metrics = host.metrics();
            System.out.printf("%n[%s, %d consumers] sent %.0f, dropped (TCP backlog) %.0f, drained %d UDP datagrams"
                            + " and %d TCP bytes%n", path, consumers, metrics.packetsSent.count(),
                    metrics.droppedTcpBacklog.count(), drain.datagrams, drain.tcpBytes);
            drain.close();
            tcp.close();
            udp.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Benchmark
    public void forward(Server server, ForwardingBenchmark.PacketsOut out) throws Exception {
        server.forwardBatch(BATCH);
        out.packetsOut += (long) BATCH * server.consumers;
    }

    /** Reads whatever reaches the subscribers' ends, on one thread, and counts it. */
    static final class Drain implements AutoCloseable {
        private final Selector selector = Selector.open();
        private final DatagramChannel udpEnd = DatagramChannel.open();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
        private volatile boolean running = true;
        private Thread thread;
        volatile long datagrams;
        volatile long tcpBytes;

        Drain() throws IOException {
            udpEnd.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
            udpEnd.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            udpEnd.configureBlocking(false);
            udpEnd.register(selector, SelectionKey.OP_READ);
        }

        InetSocketAddress udpAddress() throws IOException {
            return (InetSocketAddress) udpEnd.getLocalAddress();
        }

        void add(SocketChannel end) throws IOException {
            end.register(selector, SelectionKey.OP_READ);
        }

        void start() {
            thread = Thread.ofPlatform().daemon().name("subscriber-drain").start(this::run);
        }

        private void run() {
            try {
                while (running) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (key.channel() == udpEnd) {
                            while (true) {
                                buffer.clear();
                                if (udpEnd.receive(buffer) == null) {
                                    break;
                                }
                                datagrams++;
                            }
                        } else {
                            SocketChannel end = (SocketChannel) key.channel();
                            int n;
                            while ((n = end.read(buffer.clear())) > 0) {
                                tcpBytes += n;
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            selector.wakeup();
            if (thread != null) {
                thread.join(2000);
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        }
    }

    /** The media server's host, assembled from the public parts on one real event loop. */
    static final class SocketHost extends PreKeyedTransportHost {
        private final EventLoop loop;
        private final BatchedSender sender;
        private final int tcpPort;

        SocketHost(EventLoop loop, BatchedSender sender, MediaMetrics metrics, int tcpPort) {
            super(new MediaConfig("127.0.0.1", "127.0.0.1", 10000, 0), metrics);
            this.loop = loop;
            this.sender = sender;
            this.tcpPort = tcpPort;
        }

        @Override
        public int tcpPort() {
            return tcpPort;
        }

        @Override
        public EventExecutor eventLoop() {
            return loop;
        }

        @Override
        public void send(ByteBuf datagram, InetSocketAddress recipient) {
            sender.send(datagram, recipient);
        }
    }
}
