package org.parley.signaling.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.parley.media.ice.StunClass;
import org.parley.media.ice.StunMessage;

/**
 * Malformed datagrams at the media port from one loopback socket that never authenticated: random bytes,
 * truncated STUN, STUN checks naming a real transport's ufrag with the wrong password or FINGERPRINT, and
 * DTLS- and RTP/RTCP-looking packets (RFC 7983 first-byte ranges).
 *
 * <p>Sending is paced twice: in bursts on a schedule that spreads the flood over the requested duration,
 * and against the server's own drop counters, so that at most {@link #WINDOW} datagrams are ever in flight.
 * The kernel then never overflows the server's socket buffer, which would drop the call's real packets
 * along with ours, and every datagram the server receives is one it must have counted.
 */
final class DatagramFlood {

    /** Datagrams sent but not yet counted by the server: a fraction of its socket buffer. */
    private static final int WINDOW = 256;
    private static final int BURST = 64;
    private static final long STALL_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * What was sent, by the drop the server must count for it.
     *
     * @param sent          all datagrams
     * @param empty         zero-length ones, which Netty's epoll transport consumes before any handler
     * @param unknownSource non-empty datagrams that are not a STUN check naming a known ufrag
     * @param stunRejected  STUN checks naming the victim's ufrag that cannot authenticate
     */
    record Result(long sent, long empty, long unknownSource, long stunRejected) {
    }

    private final InetSocketAddress target;
    private final String victimUfrag;
    private final LongSupplier countedDrops;
    private final Random random = new Random(7983);

    /**
     * @param victimUfrag  the server's ufrag of a live transport, from its SDP answer
     * @param countedDrops the server's count of datagrams dropped as unknown_source or stun_rejected
     */
    DatagramFlood(InetSocketAddress target, String victimUfrag, LongSupplier countedDrops) {
        this.target = target;
        this.victimUfrag = victimUfrag;
        this.countedDrops = countedDrops;
    }

    /** Sends {@code total} datagrams over about {@code seconds} seconds (longer if the server lags). */
    Result run(int total, double seconds) throws IOException, InterruptedException {
        long sent = 0;
        long empty = 0;
        long unknownSource = 0;
        long stunRejected = 0;
        long countedBefore = countedDrops.getAsLong();
        long nanosPerDatagram = (long) (seconds * 1e9 / total);
        long start = System.nanoTime();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.connect(target);
            while (sent < total) {
                int kind = (int) (sent % 5);
                byte[] datagram = switch (kind) {
                    case 0 -> randomBytes();
                    case 1 -> truncatedStun();
                    case 2 -> forgedCheck();
                    case 3 -> dtlsLooking();
                    default -> rtpLooking();
                };
                socket.send(new DatagramPacket(datagram, datagram.length));
                sent++;
                if (datagram.length == 0) {
                    empty++;
                } else if (kind == 2) {
                    stunRejected++;
                } else {
                    unknownSource++;
                }
                if (sent % BURST == 0) {
                    awaitCounted(countedBefore + unknownSource + stunRejected - WINDOW);
                    long due = start + sent * nanosPerDatagram - System.nanoTime();
                    if (due > 0) {
                        TimeUnit.NANOSECONDS.sleep(due);
                    }
                }
            }
        }
        return new Result(sent, empty, unknownSource, stunRejected);
    }

    private void awaitCounted(long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + STALL_LIMIT_NANOS;
        while (countedDrops.getAsLong() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the media port stopped counting dropped datagrams: "
                        + countedDrops.getAsLong() + " < " + atLeast);
            }
            Thread.sleep(1);
        }
    }

    /** 0 to 1500 random bytes, the empty datagram included. */
    private byte[] randomBytes() {
        byte[] datagram = new byte[random.nextInt(1501)];
        random.nextBytes(datagram);
        return datagram;
    }

    /** A real check cut short, or with a length field that disagrees with the datagram (RFC 5389 §6). */
    private byte[] truncatedStun() {
        byte[] check = check(random.nextBoolean() ? "wrong" : "also wrong");
        if (random.nextBoolean()) {
            return Arrays.copyOf(check, 1 + random.nextInt(check.length - 1));
        }
        check[3] ^= (byte) (4 * (1 + random.nextInt(8)));
        return check;
    }

    /**
     * A Binding request naming the victim's ufrag: the wrong MESSAGE-INTEGRITY key (answered 401, RFC 5389
     * §10.1.2), or a broken FINGERPRINT (dropped silently, RFC 8445 §7).
     */
    private byte[] forgedCheck() {
        byte[] check = check("not the password " + random.nextInt());
        if (random.nextBoolean()) {
            check[check.length - 1] ^= 1;
        }
        return check;
    }

    private byte[] check(String key) {
        byte[] transactionId = new byte[12];
        random.nextBytes(transactionId);
        ByteBuf encoded = StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, transactionId)
                .username(victimUfrag + ":" + Integer.toHexString(random.nextInt()))
                .priority(random.nextInt() & 0x7FFFFFFFL)
                .useCandidate()
                .iceControlling(random.nextLong())
                .build()
                .encode(UnpooledByteBufAllocator.DEFAULT, key.getBytes(UTF_8));
        try {
            return ByteBufUtil.getBytes(encoded);
        } finally {
            encoded.release();
        }
    }

    /** First byte 20..23 (RFC 7983 §7), half of them with a plausible DTLS 1.2 record header. */
    private byte[] dtlsLooking() {
        byte[] datagram = new byte[1 + random.nextInt(300)];
        random.nextBytes(datagram);
        datagram[0] = (byte) (20 + random.nextInt(4));
        if (datagram.length >= 13 && random.nextBoolean()) {
            datagram[1] = (byte) 0xFE;
            datagram[2] = (byte) 0xFD;
            int length = datagram.length - 13;
            datagram[11] = (byte) (length >> 8);
            datagram[12] = (byte) length;
        }
        return datagram;
    }

    /** RTP or RTCP version 2 with a random SSRC and a tag that cannot verify. */
    private byte[] rtpLooking() {
        byte[] datagram = new byte[12 + random.nextInt(300)];
        random.nextBytes(datagram);
        datagram[0] = (byte) (0x80 | (datagram[0] & 0x3F));
        if (random.nextBoolean()) {
            datagram[1] = (byte) (200 + random.nextInt(7)); // SR, RR, SDES, BYE, APP, RTPFB, PSFB
        }
        return datagram;
    }
}
