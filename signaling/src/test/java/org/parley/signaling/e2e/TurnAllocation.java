package org.parley.signaling.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.parley.media.ice.StunClass;
import org.parley.media.ice.StunDecodeException;
import org.parley.media.ice.StunMessage;

/**
 * A TURN client that does one thing: ask a TURN server for a UDP relay with long-term credentials
 * (RFC 5766 §6.1–6.3, RFC 5389 §10.2): an Allocate without credentials, whose 401 brings REALM and NONCE,
 * then the same Allocate with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY keyed with
 * MD5(username ":" realm ":" password). Messages are built and read with media-core's {@link StunMessage};
 * REALM and NONCE, which ICE does not need and it therefore skips, are read here.
 */
final class TurnAllocation {

    private static final int ALLOCATE = 0x003;
    private static final int REALM = 0x0014;
    private static final int NONCE = 0x0015;
    private static final int REQUESTED_TRANSPORT = 0x0019;
    /** RFC 5766 §14.7: protocol 17 (UDP), then three reserved bytes. */
    private static final byte[] UDP = {17, 0, 0, 0};
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How an authenticated Allocate ended: success, or the error code and reason. */
    record Outcome(boolean allocated, int errorCode, String reason) {
    }

    private TurnAllocation() {
    }

    /** Whether a TURN server answers at {@code server} (any response to an unauthenticated Allocate). */
    static boolean probe(InetSocketAddress server, Duration timeout) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            return exchange(socket, server, allocate().build(), null, timeout) != null;
        }
    }

    /** Asks {@code server} for a UDP relay as {@code username} with {@code password}. */
    static Outcome allocate(InetSocketAddress server, String username, String password, Duration timeout)
            throws IOException, StunDecodeException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            byte[] challenge = exchange(socket, server, allocate().build(), null, timeout);
            if (challenge == null) {
                throw new IOException("no answer from the TURN server at " + server);
            }
            StunMessage first = decode(challenge);
            if (first.messageClass() != StunClass.ERROR_RESPONSE || first.errorCode() != 401) {
                throw new IOException("expected 401 to an Allocate without credentials, got " + first);
            }
            byte[] realm = attribute(challenge, REALM);
            byte[] nonce = attribute(challenge, NONCE);
            StunMessage request = allocate().username(username).attribute(REALM, realm).attribute(NONCE, nonce).build();
            byte[] key = md5(username + ":" + new String(realm, UTF_8) + ":" + password);
            byte[] answer = exchange(socket, server, request, key, timeout);
            if (answer == null) {
                throw new IOException("no answer to the authenticated Allocate from " + server);
            }
            StunMessage response = decode(answer);
            return response.messageClass() == StunClass.SUCCESS_RESPONSE ? new Outcome(true, 0, "")
                    : new Outcome(false, response.errorCode(), response.errorReason());
        }
    }

    private static StunMessage.Builder allocate() {
        byte[] transactionId = new byte[12];
        RANDOM.nextBytes(transactionId);
        return StunMessage.builder(StunClass.REQUEST, ALLOCATE, transactionId).attribute(REQUESTED_TRANSPORT, UDP);
    }

    /** Sends {@code request} (retransmitted, RFC 5389 §7.2.1, within {@code timeout}) and returns the response, or null. */
    private static byte[] exchange(DatagramSocket socket, InetSocketAddress server, StunMessage request, byte[] key,
                                   Duration timeout) throws IOException {
        ByteBuf encoded = request.encode(UnpooledByteBufAllocator.DEFAULT, key);
        byte[] bytes;
        try {
            bytes = ByteBufUtil.getBytes(encoded);
        } finally {
            encoded.release();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int wait = 100;
        byte[] buffer = new byte[2048];
        while (System.nanoTime() < deadline) {
            socket.send(new DatagramPacket(bytes, bytes.length, server));
            socket.setSoTimeout((int) Math.max(1, Math.min(wait, (deadline - System.nanoTime()) / 1_000_000)));
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] response = Arrays.copyOf(packet.getData(), packet.getLength());
                if (Arrays.equals(response, 8, 20, bytes, 8, 20)) { // our transaction
                    return response;
                }
            } catch (SocketTimeoutException e) {
                wait = Math.min(wait * 2, 1600);
            }
        }
        return null;
    }

    private static StunMessage decode(byte[] bytes) throws StunDecodeException {
        return StunMessage.decode(Unpooled.wrappedBuffer(bytes));
    }

    /** The value of the first attribute of {@code type} in a STUN message (RFC 5389 §15: 4-byte aligned TLVs after the header). */
    private static byte[] attribute(byte[] message, int type) throws IOException {
        int index = 20;
        while (index + 4 <= message.length) {
            int attributeType = ((message[index] & 0xFF) << 8) | (message[index + 1] & 0xFF);
            int length = ((message[index + 2] & 0xFF) << 8) | (message[index + 3] & 0xFF);
            if (index + 4 + length > message.length) {
                break;
            }
            if (attributeType == type) {
                return Arrays.copyOfRange(message, index + 4, index + 4 + length);
            }
            index += 4 + ((length + 3) & ~3);
        }
        throw new IOException(String.format("no attribute 0x%04x in the TURN server's response", type));
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
