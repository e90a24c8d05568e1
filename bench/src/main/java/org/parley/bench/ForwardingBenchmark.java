package org.parley.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.parley.media.MediaMetrics;
import org.parley.media.router.Consumer;
import org.parley.media.router.Producer;
import org.parley.media.rtp.AudioLevel;
import org.parley.media.rtp.RtpPacket;
import org.parley.media.sdp.SdpException;
import org.parley.media.srtp.SrtpProfile;
import org.parley.media.srtp.SrtpResult;
import org.parley.media.srtp.SrtpTransformer;
import org.parley.media.transport.WebRtcTransport;

/**
 * The SFU's audio forwarding path on the real objects: one SRTP packet from a publisher is
 * decrypted once and forwarded, re-encrypted, to {@code consumers} subscribers.
 *
 * <p>A publisher {@link WebRtcTransport} and {@code consumers} subscriber transports are negotiated
 * with Chrome's offers ({@link ChromeAudioOffers}), keyed with
 * {@link WebRtcTransport#startMedia} (no DTLS) and connected with the Router. They run on a
 * {@link SinkTransportHost}, which counts and releases what is sent instead of writing it to a
 * socket. One {@link #forward} operation is what a publisher's packet costs the media event loop
 * from {@link WebRtcTransport#receive} on: unprotect, RTP checks, receive statistics, the
 * retransmission copy, and per subscriber a pooled copy with SSRC, sequence number, timestamp,
 * payload type and extension ids rewritten, protected and handed to the host.
 *
 * <p>The server rejects replays, so each operation first has the publisher's client protect a
 * fresh packet (next sequence number, timestamp 20 ms later). {@link #clientProtect} does only
 * that; the server's share is the difference. Arrival times come from a simulated clock that
 * advances 20 ms per packet, as a live microphone's would.
 *
 * <p>Packets out per second are {@code forward}'s ops/s times {@code consumers}; JMH also reports
 * them as the {@code packetsOut} counter. {@code gc.alloc.rate.norm} from {@code -prof gc} is per
 * operation, i.e. per incoming packet.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=org.parley.bench.FastThreadLocalExecutor"})
public class ForwardingBenchmark {

    private static final int PAYLOAD_LENGTH = 100;
    private static final long PACKET_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int SAMPLES_PER_PACKET = 960;

    /** The publishing browser: builds and protects its next audio packet. */
    @State(Scope.Thread)
    public static class PublisherClient {

        @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
        public SrtpProfile profile;

        final InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000);
        SrtpKeys keys;
        private SrtpTransformer srtp;
        private byte[] plainPacket;
        private ByteBuf datagram;
        private int sequence;
        private long timestamp;

        @Setup(Level.Trial)
        public void setUp() {
            keys = SrtpKeys.of(profile, 0);
            srtp = keys.client();
            plainPacket = audioPacket();
            // A pooled direct buffer, as the epoll channel receives into.
            datagram = PooledByteBufAllocator.DEFAULT.directBuffer(1500);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            datagram.release();
        }

        /** The next packet of the stream, protected; the same buffer every time. */
        ByteBuf nextDatagram() {
            datagram.clear().writeBytes(plainPacket);
            RtpPacket.setSequenceNumber(datagram, sequence);
            RtpPacket.setTimestamp(datagram, timestamp);
            sequence = (sequence + 1) & 0xFFFF;
            timestamp = (timestamp + SAMPLES_PER_PACKET) & 0xFFFFFFFFL;
            if (srtp.protectRtp(datagram) != SrtpResult.OK) {
                throw new IllegalStateException("client could not protect");
            }
            return datagram;
        }

        /**
         * What Chrome sends for a 20 ms Opus frame: a 12-byte header, RFC 8285 one-byte extensions
         * for the audio level (RFC 6464: voice, -40 dBov) and the mid (RFC 8843), and the payload.
         */
        private static byte[] audioPacket() {
            ByteBuf packet = PooledByteBufAllocator.DEFAULT.heapBuffer();
            try {
                packet.writeByte(0x90) // V=2, X=1
                        .writeByte(ChromeAudioOffers.OPUS_PAYLOAD_TYPE)
                        .writeShort(0)
                        .writeInt(0)
                        .writeInt((int) ChromeAudioOffers.PUBLISHED_SSRC);
                packet.writeShort(0xBEDE).writeShort(1); // RFC 8285 §4.2: one 32-bit word follows
                packet.writeByte(ChromeAudioOffers.AUDIO_LEVEL_ID << 4).writeByte(0x80 | 40);
                packet.writeByte(ChromeAudioOffers.MID_ID << 4).writeByte('0');
                for (int i = 0; i < PAYLOAD_LENGTH; i++) {
                    packet.writeByte(i * 37 + 11);
                }
                byte[] bytes = new byte[packet.readableBytes()];
                packet.readBytes(bytes);
                return bytes;
            } finally {
                packet.release();
            }
        }
    }

    /** The server: a publisher transport whose producer is connected to {@code consumers} subscribers. */
    @State(Scope.Thread)
    public static class Sfu {

        @Param({"1", "10", "100"})
        public int consumers;

        /**
         * The publisher's client, taken from setup: JMH may hand a benchmark method another
         * instance of a state than the one injected into a dependent state's setup.
         */
        PublisherClient client;
        SinkTransportHost host;
        WebRtcTransport publisher;
        long nowNanos = TimeUnit.SECONDS.toNanos(1);
        private long packetsIn;

        @Setup(Level.Trial)
        public void setUp(PublisherClient client) throws SdpException {
            this.client = client;
            host = new SinkTransportHost();
            publisher = new WebRtcTransport("publisher", host);
            Producer producer = publisher.negotiate(ChromeAudioOffers.PUBLISH).newProducers().getFirst();
            publisher.startMedia(client.keys.server(), client.address);
            Subscriber[] subscribers = new Subscriber[consumers];
            for (int i = 0; i < consumers; i++) {
                subscribers[i] = Subscriber.connect(host, producer, client.profile, i);
            }
            checkForwarding(client, subscribers);
        }

        /** One packet must reach every subscriber once, decryptable, rewritten to its stream. */
        private void checkForwarding(PublisherClient client, Subscriber[] subscribers) {
            int[] received = new int[subscribers.length];
            host.inspect((datagram, recipient) -> {
                int index = recipient.getPort() - Subscriber.FIRST_PORT;
                Subscriber subscriber = subscribers[index];
                received[index]++;
                if (subscriber.client.unprotectRtp(datagram) != SrtpResult.OK
                        || RtpPacket.ssrc(datagram) != subscriber.consumer.ssrc()
                        || RtpPacket.payloadLength(datagram) != PAYLOAD_LENGTH
                        || AudioLevel.read(datagram, ChromeAudioOffers.AUDIO_LEVEL_ID) != (0x80 | 40)) {
                    throw new IllegalStateException("subscriber " + index + " got a wrong packet");
                }
            });
            publisher.receive(client.nextDatagram(), client.address, nextArrival());
            host.inspect(null);
            for (int i = 0; i < received.length; i++) {
                if (received[i] != 1) {
                    throw new IllegalStateException("subscriber " + i + " got " + received[i] + " packets");
                }
            }
        }

        /** Every packet received must have gone out to every subscriber: nothing dropped on the way. */
        @TearDown(Level.Trial)
        public void checkNothingDropped() {
            long expected = packetsIn * consumers;
            if (host.datagramsSent() != expected) {
                MediaMetrics metrics = host.metrics();
                throw new IllegalStateException("sent " + host.datagramsSent() + " datagrams, expected " + expected
                        + "; dropped: replayed " + metrics.droppedReplayed.count()
                        + ", malformed " + metrics.droppedMalformed.count()
                        + ", SRTP auth " + metrics.srtpAuthFailures.count());
            }
        }

        long nextArrival() {
            packetsIn++;
            nowNanos += PACKET_INTERVAL_NANOS;
            return nowNanos;
        }
    }

    /**
     * Encrypted packets handed to the host (here a sink, in {@link SocketForwardingBenchmark} the
     * sockets), reported by JMH as a rate next to ops/s.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class PacketsOut {
        public long packetsOut;

        @Setup(Level.Iteration)
        public void reset() {
            packetsOut = 0;
        }
    }

    /** A listener: its server-side transport and consumer, and its browser's SRTP to check what arrives. */
    private record Subscriber(Consumer consumer, SrtpTransformer client) {

        static final int FIRST_PORT = 40_000;

        static Subscriber connect(SinkTransportHost host, Producer producer, SrtpProfile profile, int index)
                throws SdpException {
            WebRtcTransport transport = new WebRtcTransport("subscriber-" + index, host);
            Consumer consumer = transport.negotiate(ChromeAudioOffers.SUBSCRIBE).newConsumers().getFirst();
            SrtpKeys keys = SrtpKeys.of(profile, index + 1);
            transport.startMedia(keys.server(),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), FIRST_PORT + index));
            host.router().connect(consumer, producer);
            return new Subscriber(consumer, keys.client());
        }
    }

    /** Baseline: the client's share of {@link #forward}. */
    @Benchmark
    public ByteBuf clientProtect(PublisherClient client) {
        return client.nextDatagram();
    }

    @Benchmark
    public void forward(Sfu sfu, PacketsOut out) {
        long sentBefore = sfu.host.datagramsSent();
        sfu.publisher.receive(sfu.client.nextDatagram(), sfu.client.address, sfu.nextArrival());
        out.packetsOut += sfu.host.datagramsSent() - sentBefore;
    }
}
