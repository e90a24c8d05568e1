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

    /** A PCMA-first offer whose media is to go to {@code host}:{@code port}. */
    public static String offer(String host, int port) {
        return "v=0\r\no=room 1 1 IN IP4 " + host + "\r\ns=-\r\nc=IN IP4 " + host + "\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 8 0\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    private static final String OFFER = offer("127.0.0.1", 49170);

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final String callId = "call-" + SipTags.next();
    private SipResponse answer;
    private String requestUri;

    private final String localHost;
    private String inviteBranch;

    public SipTestClient(int serverPort) throws IOException {
        this(serverPort, InetAddress.getLoopbackAddress());
    }

    /** A room system on {@code local} (a loopback address, e.g. 127.0.0.2) calling the server on 127.0.0.1. */
    public SipTestClient(int serverPort, InetAddress local) throws IOException {
        socket = new DatagramSocket(0, local);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
        localHost = local.getHostAddress();
    }

    /** The client's own address, where its signaling comes from. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends an INVITE with a PCMA-first offer and returns the final response (ACKed if a 2xx). */
    public SipResponse invite(String user) throws IOException {
        return invite(user, "");
    }

    /** {@link #invite(String)} with URI parameters, e.g. {@code ;lang=fr}. */
    public SipResponse invite(String user, String uriParameters) throws IOException {
        return invite(user, uriParameters, OFFER);
    }

    /** {@link #invite(String, String)} with {@code offer} as the SDP body. */
    public SipResponse invite(String user, String uriParameters, String offer) throws IOException {
        sendInvite(user, uriParameters, offer);
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

    /** Sends an INVITE and returns at once: the caller reads what comes ({@link #receiveFor}). */
    public void sendInvite(String user, String uriParameters, String offer) throws IOException {
        requestUri = "sip:" + user + "@127.0.0.1:" + server.getPort() + uriParameters;
        inviteBranch = SipTags.branch();
        send(request(SipRequest.INVITE, 1, null, offer, inviteBranch));
    }

    /** ACKs a non-2xx final response to the last INVITE: same branch, in its transaction (RFC 3261 §17.1.1.3). */
    public void ackFailure(SipResponse response) throws IOException {
        send(request(SipRequest.ACK, 1, response.toTag(), "", inviteBranch));
    }

    /** Sends an OPTIONS (a new transaction each time); read its answer with {@link #receive}. */
    public void options() throws IOException {
        if (requestUri == null) {
            requestUri = "sip:127.0.0.1:" + server.getPort();
        }
        send(request(SipRequest.OPTIONS, 1, null, ""));
    }

    /** Everything the server sends within {@code millis} (BYEs answered as in {@link #receive}). */
    public java.util.List<SipMessage> receiveFor(long millis) throws IOException {
        java.util.List<SipMessage> messages = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            for (long left = millis; left > 0; left = (deadline - System.nanoTime()) / 1_000_000L) {
                socket.setSoTimeout((int) Math.max(1, left));
                try {
                    messages.add(receive());
                } catch (IOException e) {
                    if (e.getCause() instanceof SocketTimeoutException) {
                        break;
                    }
                    throw e;
                }
            }
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
        return messages;
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
            throw new IOException("nothing from the server in " + socket.getSoTimeout() + " ms", e);
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
        return request(method, sequence, toTag, body, SipTags.branch()); // a 2xx ACK is a transaction of its own
    }

    private SipRequest request(String method, int sequence, String toTag, String body, String branch) {
        SipHeaders headers = new SipHeaders()
                .add(SipHeaders.VIA, "SIP/2.0/UDP " + localHost + ":" + socket.getLocalPort() + ";branch="
                        + branch + ";rport")
                .add(SipHeaders.MAX_FORWARDS, "70")
                .add(SipHeaders.FROM, "\"Room\" <sip:room@127.0.0.1>;tag=room")
                .add(SipHeaders.TO, "<" + requestUri + ">" + (toTag == null ? "" : ";tag=" + toTag))
                .add(SipHeaders.CALL_ID, callId)
                .add(SipHeaders.CSEQ, sequence + " " + method)
                .add(SipHeaders.CONTACT, "<sip:room@" + localHost + ":" + socket.getLocalPort() + ">");
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
