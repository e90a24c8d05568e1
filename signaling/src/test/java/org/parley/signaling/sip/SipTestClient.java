package org.parley.signaling.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * A minimal room system for tests that must hold a call open while they look at the meeting: it
 * sends INVITE, ACK and BYE on a loopback socket, and reads what the server sends (a BYE when the
 * meeting ends). Waits are bounded by the socket timeout.
 */
public final class SipTestClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final String OFFER = "v=0\r\no=room 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 49170 RTP/AVP 8 0\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n";

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final String callId = "call-" + SipTags.next();
    private SipResponse answer;
    private String requestUri;

    public SipTestClient(int serverPort) throws IOException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(TIMEOUT_MILLIS);
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
    }

    /** Sends an INVITE with a PCMA-first offer and returns the final response (ACKed if a 2xx). */
    public SipResponse invite(String user) throws IOException {
        return invite(user, "");
    }

    /** {@link #invite(String)} with URI parameters, e.g. {@code ;lang=fr}. */
    public SipResponse invite(String user, String uriParameters) throws IOException {
        requestUri = "sip:" + user + "@127.0.0.1:" + server.getPort() + uriParameters;
        send(request(SipRequest.INVITE, 1, null, OFFER));
        SipResponse response;
        do {
            response = (SipResponse) receive();
        } while (response.provisional());
        answer = response;
        if (response.status() < 300) {
            send(request(SipRequest.ACK, 1, response.toTag(), ""));
        }
        return response;
    }

    /** Hangs up and returns the status of the BYE's response. */
    public int bye() throws IOException {
        send(request(SipRequest.BYE, 2, answer.toTag(), ""));
        return ((SipResponse) receive()).status();
    }

    /** Waits for the server's next message; answers a BYE with 200 (RFC 3261 §15.1.2) and returns it. */
    public SipMessage receive() throws IOException {
        byte[] bytes = new byte[SipParser.MAX_MESSAGE_BYTES];
        DatagramPacket packet = new DatagramPacket(bytes, bytes.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new IOException("nothing from the server in " + TIMEOUT_MILLIS + " ms", e);
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes, 0, packet.getLength());
        SipMessage message;
        try {
            message = SipParser.parse(buf);
        } catch (SipParseException e) {
            throw new IOException("unreadable message from the server: " + e.getMessage(), e);
        }
        if (message instanceof SipRequest request && request.method().equals(SipRequest.BYE)) {
            send(SipResponses.create(request, 200, null));
        }
        return message;
    }

    private SipRequest request(String method, int sequence, String toTag, String body) {
        SipHeaders headers = new SipHeaders()
                .add(SipHeaders.VIA, "SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch="
                        + SipTags.branch() + ";rport") // a 2xx ACK is a transaction of its own
                .add(SipHeaders.MAX_FORWARDS, "70")
                .add(SipHeaders.FROM, "\"Room\" <sip:room@127.0.0.1>;tag=room")
                .add(SipHeaders.TO, "<" + requestUri + ">" + (toTag == null ? "" : ";tag=" + toTag))
                .add(SipHeaders.CALL_ID, callId)
                .add(SipHeaders.CSEQ, sequence + " " + method)
                .add(SipHeaders.CONTACT, "<sip:room@127.0.0.1:" + socket.getLocalPort() + ">");
        if (!body.isEmpty()) {
            headers.add(SipHeaders.CONTENT_TYPE, "application/sdp");
        }
        return new SipRequest(method, requestUri, headers, body);
    }

    private void send(SipMessage message) throws IOException {
        ByteBuf buf = SipEncoder.encode(message, ByteBufAllocator.DEFAULT);
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            socket.send(new DatagramPacket(bytes, bytes.length, server));
        } finally {
            buf.release();
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
