package org.parley.signaling.e2e;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A UDP relay on 127.0.0.1 between one WebRTC peer and the server's media port that drops the
 * RTP packets a {@link DropPolicy} picks: at random (seeded), as a lossy link would, or all but
 * periodic talkspurts, whose onsets it records for latency measurements. The peer's packets
 * (uplink) and the server's (downlink) each have a policy of their own.
 *
 * <p>Only RTP is dropped: STUN (first byte 0..3) and DTLS (20..63) always pass, so the call still
 * connects (RFC 7983 §7 demultiplexing), and so does RTCP. The peer learns of the relay through
 * {@link #rewriteAnswer}, which points the server's host candidate in the SDP answer at the relay;
 * the server sees the relay's address as the peer's, and its replies are relayed to the peer.
 */
final class LossyUdpProxy implements AutoCloseable {

    private static final int MAX_DATAGRAM = 2048;
    private static final Pattern HOST_CANDIDATE = Pattern.compile("(a=candidate:\\S+ \\d+ udp \\d+ 127\\.0\\.0\\.1 )(\\d+)( typ host)",
            Pattern.CASE_INSENSITIVE);

    private final DatagramSocket socket;
    private final DropPolicy uplink;
    private final DropPolicy downlink;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong downlinkDatagrams = new AtomicLong();
    private final AtomicLong downlinkBytes = new AtomicLong();
    private final AtomicLong downlinkRtpDatagrams = new AtomicLong();
    private final AtomicLong downlinkRtpBytes = new AtomicLong();
    private final Thread relay;
    private volatile InetSocketAddress server;
    /** The peer's address: wherever the last datagram that did not come from the server came from. */
    private SocketAddress peer;

    /** Which RTP packets not to relay. Called on the relay thread only. */
    interface DropPolicy {

        /** Drops nothing. */
        DropPolicy NONE = nowNanos -> false;

        /** Whether to drop the RTP packet the relay received at {@code nowNanos}. */
        boolean drop(long nowNanos);

        /** Drops each packet with probability {@code ratio}, reproducibly for a given {@code seed}. */
        static DropPolicy random(double ratio, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            return nowNanos -> random.nextDouble() < ratio;
        }
    }

    /** Drops the peer's RTP packets that {@code uplink} picks, and none of the server's. */
    LossyUdpProxy(DropPolicy uplink) throws SocketException {
        this(uplink, DropPolicy.NONE);
    }

    LossyUdpProxy(DropPolicy uplink, DropPolicy downlink) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.uplink = uplink;
        this.downlink = downlink;
        this.relay = Thread.ofPlatform().daemon().name("lossy-udp-proxy").start(this::run);
    }

    /**
     * Points the SDP answer's loopback host candidate at this relay and relays to the port it named.
     *
     * @throws IllegalArgumentException if the answer has no 127.0.0.1 host candidate
     */
    String rewriteAnswer(String sdp) {
        Matcher candidate = HOST_CANDIDATE.matcher(sdp);
        if (!candidate.find()) {
            throw new IllegalArgumentException("no 127.0.0.1 host candidate in the answer:\n" + sdp);
        }
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(candidate.group(2)));
        return candidate.replaceAll("$1" + socket.getLocalPort() + "$3");
    }

    /**
     * Relays to the server's media port {@code port} on 127.0.0.1, for a peer that is pointed at this
     * relay some other way than {@link #rewriteAnswer} (a browser page rewriting its own answer).
     */
    void relayTo(int port) {
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** This relay's port on 127.0.0.1, which the peer must send to. */
    int port() {
        return socket.getLocalPort();
    }

    /** RTP packets, either way, that were not relayed. */
    long dropped() {
        return dropped.get();
    }

    /** Datagrams relayed, both ways. */
    long relayed() {
        return relayed.get();
    }

    /** What the relay has passed on from the server to the peer so far, as UDP payloads. */
    Downlink downlink() {
        return new Downlink(System.nanoTime(), downlinkDatagrams.get(), downlinkBytes.get(),
                downlinkRtpDatagrams.get(), downlinkRtpBytes.get());
    }

    /**
     * Server-to-peer datagrams relayed up to {@code nanos}: all of them (RTP, RTCP, STUN, DTLS) and
     * the RTP ones alone, counted in UDP payload bytes.
     */
    record Downlink(long nanos, long datagrams, long bytes, long rtpDatagrams, long rtpBytes) {

        /** IPv4 (20, no options) and UDP (8) header bytes per datagram. */
        static final int IPV4_UDP_HEADER_BYTES = 28;

        /** The rate in bit/s on an IPv4 link between {@code earlier} and this, every datagram counted. */
        double ipv4BitsPerSecondSince(Downlink earlier) {
            return bitsPerSecond(datagrams - earlier.datagrams, bytes - earlier.bytes, earlier);
        }

        /** The same, for the RTP datagrams alone. */
        double rtpIpv4BitsPerSecondSince(Downlink earlier) {
            return bitsPerSecond(rtpDatagrams - earlier.rtpDatagrams, rtpBytes - earlier.rtpBytes, earlier);
        }

        private double bitsPerSecond(long datagrams, long bytes, Downlink earlier) {
            return (bytes + (double) datagrams * IPV4_UDP_HEADER_BYTES) * 8 * 1e9 / (nanos - earlier.nanos);
        }
    }

    private void run() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                datagram.setData(buffer);
                socket.receive(datagram);
                InetSocketAddress target = server;
                if (target == null) {
                    continue;
                }
                boolean fromServer = target.equals(datagram.getSocketAddress());
                if (!fromServer) {
                    peer = datagram.getSocketAddress();
                } else if (peer == null) {
                    continue;
                }
                DropPolicy policy = fromServer ? downlink : uplink;
                boolean rtp = isRtp(buffer, datagram.getLength());
                if (rtp && policy.drop(System.nanoTime())) {
                    dropped.incrementAndGet();
                    continue;
                }
                datagram.setSocketAddress(fromServer ? peer : target);
                socket.send(datagram);
                relayed.incrementAndGet();
                if (fromServer) {
                    count(rtp, datagram.getLength());
                }
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new IllegalStateException("relay failed", e);
                }
            }
        }
    }

    private void count(boolean rtp, int length) {
        if (rtp) {
            downlinkRtpBytes.addAndGet(length);
            downlinkRtpDatagrams.incrementAndGet();
        }
        downlinkBytes.addAndGet(length);
        downlinkDatagrams.incrementAndGet();
    }

    /** RFC 7983 §7: first byte 128..191 is RTP or RTCP; RFC 5761 §4: payload types 64..95 are RTCP. */
    private static boolean isRtp(byte[] datagram, int length) {
        if (length < 12) {
            return false;
        }
        int first = datagram[0] & 0xFF;
        int payloadType = datagram[1] & 0x7F;
        return first >= 128 && first <= 191 && (payloadType < 64 || payloadType > 95);
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        relay.join(2000);
    }
}
