package org.parley.signaling.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.parley.media.sdp.Connection;
import org.parley.media.sdp.MediaDescription;
import org.parley.media.sdp.RtpMap;
import org.parley.media.sdp.SdpException;
import org.parley.media.sdp.SdpParser;
import org.parley.media.sdp.SessionDescription;
import org.parley.signaling.sip.media.CallCodec;

/**
 * A room system's SDP offer as dial-in takes it (RFC 3264 §5, RFC 4566): the first RTP/AVP audio
 * stream with a G.711 format, the codec picked in the offerer's order of preference (RFC 3264 §6.1),
 * and where to send RTP. Other streams are declined in the answer ({@link #answer}).
 *
 * @param offer  the whole offer
 * @param stream the index of the accepted m-line
 * @param codec  the codec both sides use
 * @param remote the room system's RTP address
 */
public record AudioOffer(SessionDescription offer, int stream, CallCodec codec, InetSocketAddress remote) {

    private static final String AVP = "RTP/AVP";

    /** A usable offer in {@code sdp}; {@link OfferException} says why there is none. */
    public static AudioOffer select(String sdp) throws OfferException {
        if (sdp.isBlank()) {
            throw new OfferException("no SDP offer in the INVITE (late offer is not supported)");
        }
        SessionDescription offer;
        try {
            offer = SdpParser.parse(sdp);
        } catch (SdpException e) {
            throw new OfferException("unreadable SDP: " + e.getMessage());
        }
        List<MediaDescription> media = offer.media();
        for (int i = 0; i < media.size(); i++) {
            MediaDescription m = media.get(i);
            if (!m.kind().equals("audio") || m.port() == 0 || !m.proto().equalsIgnoreCase(AVP)) {
                continue;
            }
            CallCodec codec = firstG711(m);
            if (codec == null) {
                continue;
            }
            Connection connection = m.connection() != null ? m.connection() : offer.connection();
            if (connection == null) {
                throw new OfferException("no c= line for the audio stream");
            }
            return new AudioOffer(offer, i, codec, new InetSocketAddress(literal(connection.address()), m.port()));
        }
        throw new OfferException("no RTP/AVP audio stream offers PCMU or PCMA");
    }

    /** The c= address, which must be an IP address: resolving a name would block the SIP event loop. */
    private static InetAddress literal(String address) throws OfferException {
        try {
            return InetAddress.ofLiteral(address);
        } catch (IllegalArgumentException e) {
            throw new OfferException("c= address \"" + address + "\" is not an IP address (names are not supported)");
        }
    }

    /** The first format, in the offer's order, that is PCMU or PCMA by static type or by rtpmap. */
    private static CallCodec firstG711(MediaDescription m) {
        for (int payloadType : m.payloadTypes()) {
            CallCodec codec = CallCodec.ofPayloadType(payloadType);
            RtpMap rtpMap = m.rtpMap(payloadType);
            // An rtpmap may restate a static type (RFC 4566 §6); one that says otherwise is not G.711.
            if (codec != null && (rtpMap == null || rtpMap.encoding().equalsIgnoreCase(codec.encodingName())
                    && rtpMap.clockRate() == codec.clockRate())) {
                return codec;
            }
        }
        return null;
    }

    /**
     * The answer (RFC 3264 §6): one m-line per offered one, the accepted stream at {@code address}
     * and {@code port} with the codec, 20 ms packets and sendrecv, the others declined with port 0.
     */
    public String answer(String address, int port, long sessionId) {
        String addressType = address.indexOf(':') >= 0 ? "IP6" : "IP4";
        StringBuilder sdp = new StringBuilder(256)
                .append("v=0\r\n")
                .append("o=parley ").append(sessionId).append(" 1 IN ").append(addressType).append(' ').append(address).append("\r\n")
                .append("s=Parley\r\n")
                .append("c=IN ").append(addressType).append(' ').append(address).append("\r\n")
                .append("t=0 0\r\n");
        List<MediaDescription> media = offer.media();
        for (int i = 0; i < media.size(); i++) {
            MediaDescription m = media.get(i);
            if (i != stream) {
                sdp.append("m=").append(m.kind()).append(" 0 ").append(m.proto()).append(' ')
                        .append(m.formats().getFirst()).append("\r\n");
                continue;
            }
            sdp.append("m=audio ").append(port).append(' ').append(AVP).append(' ').append(codec.payloadType()).append("\r\n")
                    .append("a=rtpmap:").append(codec.payloadType()).append(' ').append(codec.encodingName()).append('/')
                    .append(codec.clockRate()).append("\r\n")
                    .append("a=ptime:20\r\n")
                    .append("a=sendrecv\r\n");
        }
        return sdp.toString();
    }

    /** An offer dial-in cannot accept: answered with 488 Not Acceptable Here (RFC 3261 §21.4.26). */
    public static final class OfferException extends Exception {
        public OfferException(String message) {
            super(message);
        }
    }
}
