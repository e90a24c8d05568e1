package org.parley.media.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.parley.media.sdp.Extmap;
import org.parley.media.sdp.MediaDescription;
import org.parley.media.sdp.SdpException;
import org.parley.media.sdp.SdpParser;
import org.parley.media.sdp.SessionDescription;
import org.parley.media.sdp.SsrcAttribute;
import org.parley.media.srtp.SrtpProfile;
import org.parley.media.srtp.SrtpResult;
import org.parley.media.srtp.SrtpTransformer;
import org.parley.media.transport.WebRtcTransport;

/**
 * The browser end of one {@link WebRtcTransport}, played by the test: it negotiates with a fixture
 * offer, keys both ends with mirrored SRTP master keys (as DTLS-SRTP would, RFC 5764 §4.2), sends
 * protected packets into {@link WebRtcTransport#receive} and decrypts what the transport sent it.
 */
final class BrowserPeer {

    static final String PUBLISH_AND_THREE_SUBSCRIBES = "chrome-publish-and-three-subscribes.sdp";
    /** The same session offered again with a fourth recvonly line, mid 4. */
    static final String REOFFER_ADDS_SUBSCRIBE = "chrome-reoffer-adds-subscribe.sdp";
    /** The SSRC the fixture's sendonly line announces. */
    static final long FIXTURE_PUBLISHER_SSRC = 2865197434L;
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;

    private final RecordingTransportHost host;
    private final WebRtcTransport transport;
    private final InetSocketAddress address;
    private SessionDescription answer;
    private final byte[] serverKey;
    private final byte[] serverSalt;
    private final SrtpTransformer srtp;
    private final SrtpTransformer serverSrtp;
    private final long rtcpSsrc;
    private final List<byte[]> pendingRtp = new ArrayList<>();
    private final List<byte[]> pendingRtcp = new ArrayList<>();

    private BrowserPeer(RecordingTransportHost host, WebRtcTransport transport, InetSocketAddress address,
                        SessionDescription answer, long rtcpSsrc) {
        this.host = host;
        this.transport = transport;
        this.address = address;
        this.answer = answer;
        this.rtcpSsrc = rtcpSsrc;
        Random random = new Random(address.getPort());
        byte[] peerKey = bytes(random, PROFILE.keyLength());
        byte[] peerSalt = bytes(random, PROFILE.saltLength());
        this.serverKey = bytes(random, PROFILE.keyLength());
        this.serverSalt = bytes(random, PROFILE.saltLength());
        this.serverSrtp = SrtpTransformer.fromMasterKeys(PROFILE, serverKey, serverSalt, peerKey, peerSalt);
        this.srtp = SrtpTransformer.fromMasterKeys(PROFILE, peerKey, peerSalt, serverKey, serverSalt);
    }

    /** A new transport on {@code host}, negotiated with {@code offerSdp} and keyed; media may flow at once. */
    static BrowserPeer connect(RecordingTransportHost host, String id, String offerSdp, int port)
            throws SdpException {
        BrowserPeer peer = negotiate(host, id, offerSdp, port);
        peer.startMedia();
        return peer;
    }

    /** A new transport negotiated with {@code offerSdp}, still waiting for DTLS: no media yet. */
    static BrowserPeer negotiate(RecordingTransportHost host, String id, String offerSdp, int port)
            throws SdpException {
        WebRtcTransport transport = new WebRtcTransport(id, host);
        WebRtcTransport.Negotiation negotiation = transport.negotiate(offerSdp);
        return new BrowserPeer(host, transport, new InetSocketAddress("127.0.0.1", port),
                SdpParser.parse(negotiation.answerSdp()), 0x0C0FFEE0L + port);
    }

    /** Applies a new offer on the same transport (RFC 3264 §8); the new answer replaces the old. */
    WebRtcTransport.Negotiation renegotiate(String offerSdp) throws SdpException {
        WebRtcTransport.Negotiation negotiation = transport.negotiate(offerSdp);
        answer = SdpParser.parse(negotiation.answerSdp());
        return negotiation;
    }

    /** Keys the transport as a completed DTLS-SRTP handshake would. */
    void startMedia() {
        transport.startMedia(serverSrtp, address);
    }

    /** A fixture offer with CRLF line ends, as Chrome sends it. */
    static String fixture(String name) {
        try (InputStream in = BrowserPeer.class.getResourceAsStream("/org/parley/media/sdp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebRtcTransport transport() {
        return transport;
    }

    /** The SSRC this browser uses for its own RTCP (a receiver's feedback and reports). */
    long rtcpSsrc() {
        return rtcpSsrc;
    }

    /** The SSRC our answer announced on the recvonly line {@code mid}. */
    long answeredSsrc(String mid) {
        List<Long> ssrcs = answered(mid).ssrcs();
        assertEquals(1, ssrcs.size(), "SSRCs announced on mid " + mid);
        return ssrcs.get(0);
    }

    /** The one payload type our answer accepted on {@code mid}. */
    int answeredPayloadType(String mid) {
        List<Integer> types = answered(mid).payloadTypes();
        assertEquals(1, types.size(), "payload types answered on mid " + mid);
        return types.get(0);
    }

    /** The extmap id our answer kept for {@code uri} on {@code mid}, or 0. */
    int answeredExtensionId(String mid, String uri) {
        Extmap extmap = answered(mid).extmap(uri);
        return extmap == null ? 0 : extmap.id();
    }

    /** The CNAME our answer announced on {@code mid}. */
    String answeredCname(String mid) {
        return answered(mid).ssrcAttributes().stream()
                .filter(a -> a.name().equals("cname"))
                .map(SsrcAttribute::value)
                .findFirst().orElseThrow();
    }

    private MediaDescription answered(String mid) {
        return answer.media().stream().filter(m -> mid.equals(m.mid())).findFirst().orElseThrow();
    }

    /** Protects a plaintext RTP packet and delivers it to the transport at {@code nowNanos}. */
    void sendRtp(byte[] plain, long nowNanos) {
        ByteBuf datagram = Unpooled.directBuffer(plain.length + 32).writeBytes(plain);
        try {
            assertEquals(SrtpResult.OK, srtp.protectRtp(datagram));
            transport.receive(datagram, address, nowNanos);
        } finally {
            datagram.release();
        }
    }

    /** Protects a plaintext RTCP compound packet (taking ownership of it) and delivers it. */
    void sendRtcp(ByteBuf compound, long nowNanos) {
        try {
            assertEquals(SrtpResult.OK, srtp.protectRtcp(compound));
            transport.receive(compound, address, nowNanos);
        } finally {
            compound.release();
        }
    }

    /** Removes and returns the (still protected) RTP datagrams the transport sent us. */
    List<byte[]> takeProtectedRtp() {
        sortArrivals();
        List<byte[]> taken = List.copyOf(pendingRtp);
        pendingRtp.clear();
        return taken;
    }

    /** Removes, decrypts and returns the RTP packets the transport sent us; each must authenticate. */
    List<byte[]> receiveRtp() {
        List<byte[]> plain = new ArrayList<>();
        for (byte[] datagram : takeProtectedRtp()) {
            plain.add(unprotectRtp(datagram));
        }
        return plain;
    }

    /** Removes, decrypts and returns the RTCP compound packets the transport sent us. */
    List<byte[]> receiveRtcp() {
        sortArrivals();
        List<byte[]> plain = new ArrayList<>();
        for (byte[] datagram : pendingRtcp) {
            ByteBuf buf = Unpooled.wrappedBuffer(datagram.clone());
            assertEquals(SrtpResult.OK, srtp.unprotectRtcp(buf), "SRTCP from the server");
            plain.add(toBytes(buf));
        }
        pendingRtcp.clear();
        return plain;
    }

    /** Decrypts one RTP datagram with this browser's receiving context (replay window included). */
    byte[] unprotectRtp(byte[] datagram) {
        return unprotectRtp(srtp, datagram);
    }

    /** A receiving context with this browser's keys and no history: sees what an eavesdropper with keys would. */
    SrtpTransformer freshReceiver() {
        return SrtpTransformer.fromMasterKeys(PROFILE, new byte[PROFILE.keyLength()], new byte[PROFILE.saltLength()],
                serverKey, serverSalt);
    }

    static byte[] unprotectRtp(SrtpTransformer receiver, byte[] datagram) {
        ByteBuf buf = Unpooled.wrappedBuffer(datagram.clone());
        assertEquals(SrtpResult.OK, receiver.unprotectRtp(buf), "SRTP from the server");
        return toBytes(buf);
    }

    private void sortArrivals() {
        for (byte[] datagram : host.takeSentTo(address)) {
            int type = datagram[1] & 0xFF;
            (type >= 192 && type <= 223 ? pendingRtcp : pendingRtp).add(datagram);
        }
    }

    private static byte[] toBytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
